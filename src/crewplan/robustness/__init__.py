"""Robustness studies: sample many disruption histories from a scenario's disruption rates, replan each as the
agencies would (one event at a time, in date order), and measure what happens (lifeboat gaps, crew below the
minimum, extended stays, seats and agreement grants lost, changes), on Dask: a local cluster by default, a
real one by address. ``derive`` and ``sample`` are pure; ``evaluate`` runs the replanner; ``study`` the
cluster; ``stats`` the summaries and comparisons."""
