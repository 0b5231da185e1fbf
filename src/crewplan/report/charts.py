"""The report's charts, drawn with matplotlib and returned as inline SVG (:class:`~crewplan.report.svg.Chart`).

One function per chart; each takes plain data (occupancy, spans, windows, ledger) and draws nothing it
has to compute. Facts a reader or a test may want without parsing the drawing go into ``Chart.data`` (the
``data-*`` attributes of the chart's ``<figure>``) and into ``gid``\\ s of the SVG groups (e.g. one
``lifeboat-gap-<station>-<first>-<last>`` group per run of lifeboat gap days).
"""

from __future__ import annotations

import datetime as dt

import matplotlib.dates as mdates
from matplotlib.axes import Axes
from matplotlib.lines import Line2D
from matplotlib.patches import Patch

from crewplan.check.context import CheckContext
from crewplan.domain import Scenario
from crewplan.report.launches import FlightWindows, Launches
from crewplan.report.ledger import Ledger
from crewplan.report.occupancy import StationDays
from crewplan.report.people import Span
from crewplan.report.svg import Chart, new_figure, style, to_svg

KNOWN_COLOURS = {
    "cmsa": "#c8102e", "roscosmos": "#1f4e9c", "nasa": "#4a90d9", "esa": "#009e9e", "jaxa": "#e67e22",
    "csa": "#8e44ad", "suparco": "#2e8b3a", "axiom": "#7f7f7f", "mbrsc": "#b8860b", "isro": "#ff7f0e",
}
FALLBACK_COLOURS = ("#9467bd", "#8c564b", "#e377c2", "#bcbd22", "#17becf", "#aec7e8", "#ffbb78", "#98df8a",
                    "#ff9896", "#c5b0d5", "#c49c94", "#f7b6d2", "#dbdb8d", "#9edae5")
GAP_COLOUR = "#d62728"
HANDOVER_COLOUR = "#f5b041"
KIND_COLOURS = {"training": "#8fb3d9", "flight": "#2c3e50", "rest": "#cfd8dc"}
WIDTH_IN = 11.0


def agency_colours(scenario: Scenario) -> dict[str, str]:
    """A stable colour per agency: fixed ones for the big agencies, the rest in id order."""
    out: dict[str, str] = {}
    spare = iter(FALLBACK_COLOURS)
    for agency in sorted(scenario.agencies, key=lambda a: a.id):
        out[agency.id] = KNOWN_COLOURS.get(agency.id.lower()) or next(spare, "#999999")
    return out


def _date_axis(ax: Axes, first: dt.date, last: dt.date) -> None:
    ax.set_xlim(_num(first), _num(last + dt.timedelta(days=1)))
    locator = mdates.AutoDateLocator(minticks=4, maxticks=12)  # type: ignore[no-untyped-call]
    ax.xaxis.set_major_locator(locator)
    ax.xaxis.set_major_formatter(mdates.ConciseDateFormatter(locator))  # type: ignore[no-untyped-call]


def _num(day: dt.date) -> float:
    return float(mdates.date2num(day))  # type: ignore[no-untyped-call]


def manifest_timeline(ctx: CheckContext, station_id: str, colours: dict[str, str],
                      span: tuple[dt.date, dt.date]) -> Chart | None:
    """Each flight to ``station_id`` as a row: the docked vehicle as an outlined bar, one stripe per person
    aboard in their agency's colour, launch (▲) and landing (▼) marks, the port in the row label."""
    scenario = ctx.scenario
    flights = [f for f in ctx.flights if f.station == station_id]
    if not flights:
        return None
    station = scenario.station(station_id)
    ports = {p.id: p.name for p in station.ports}
    stays_by_flight: dict[str, list[tuple[str, dt.date, dt.date]]] = {}
    for stay in ctx.stays:
        stays_by_flight.setdefault(stay.up.id, []).append((stay.astronaut, stay.first_day, stay.last_day))
    rows = len(flights)
    first = min(f.launch_day for f in flights)
    last = max(max(ctx.landing_day(f), ctx.undocking_day(f)) for f in flights)
    first, last = max(first, span[0]) - dt.timedelta(days=15), min(last, span[1]) + dt.timedelta(days=15)
    with style():
        fig = new_figure(WIDTH_IN, 1.2 + 0.26 * rows)
        ax = fig.add_subplot()
        labels = []
        agencies_seen: set[str] = set()
        for row, flight in enumerate(flights):
            y = rows - 1 - row
            dock_first, dock_last = ctx.docked[flight.id]
            bar = ax.barh(y, _num(dock_last + dt.timedelta(days=1)) - _num(dock_first), left=_num(dock_first),
                          height=0.8, color="#f4f6f7", edgecolor="#566573", linewidth=0.8,
                          hatch="///" if not flight.crewed else None)
            bar.patches[0].set_gid(f"flight-{station_id}-{flight.id}")
            crew = stays_by_flight.get(flight.id, [])
            for k, (person, p_first, p_last) in enumerate(crew):
                agency = ctx.people[person].agency if person in ctx.people else ""
                agencies_seen.add(agency)
                height = 0.64 / len(crew)
                ax.barh(y + 0.32 - height * (k + 0.5), _num(p_last + dt.timedelta(days=1)) - _num(p_first),
                        left=_num(p_first), height=height * 0.9, color=colours.get(agency, "#999999"),
                        linewidth=0)
            ax.plot([_num(flight.launch_day)], [y], marker="^", color="#117a65", markersize=5, linestyle="")
            if flight.landing or ctx.landing_day(flight) <= scenario.settings.horizon_end:
                ax.plot([_num(ctx.landing_day(flight)) + 1], [y], marker="v", color="#6e2c00", markersize=5,
                        linestyle="")
            port = ports.get(flight.port or "", flight.port or "no port")
            labels.append(f"{flight.name} · {port}")
        ax.set_yticks(range(rows - 1, -1, -1), labels)
        ax.set_ylim(-0.7, rows - 0.3)
        ax.grid(axis="y", visible=False)
        _date_axis(ax, first, last)
        handles: list[Patch | Line2D] = [Patch(facecolor=colours.get(a, "#999999"), label=a)
                                         for a in sorted(agencies_seen)]
        handles += [Patch(facecolor="#f4f6f7", edgecolor="#566573", label="vehicle docked"),
                    Patch(facecolor="#f4f6f7", edgecolor="#566573", hatch="///", label="uncrewed"),
                    Line2D([], [], marker="^", color="#117a65", linestyle="", label="launch"),
                    Line2D([], [], marker="v", color="#6e2c00", linestyle="", label="landing")]
        ax.legend(handles=handles, loc="upper left", bbox_to_anchor=(1.0, 1.0), fontsize=8)
        key = f"timeline-{station_id}"
        svg = to_svg(fig, key, f"Manifest timeline of {station.name}")
    return Chart(key, f"Manifest timeline: {station.name}",
                 "One row per flight: the outlined bar is the vehicle docked at the port named on the left; "
                 "the coloured stripes are the people it brought, by agency, for as long as they stay aboard "
                 "(a stripe that runs past its bar means they went home on another vehicle). ▲ launch, "
                 "▼ landing; hatched: uncrewed.", svg,
                 {"station": station_id, "flights": str(rows)})


def astronaut_timeline(scenario: Scenario, timelines: dict[str, list[Span]], colours: dict[str, str],
                       span: tuple[dt.date, dt.date]) -> Chart | None:
    """One row per flying person: training (light), flights (dark, labelled), rest after landing (grey)."""
    if not timelines:
        return None
    people = {a.id: a for a in scenario.astronauts}
    rows = len(timelines)
    first = max(min(s.first for spans in timelines.values() for s in spans), span[0] - dt.timedelta(days=365))
    last = min(max(s.last for spans in timelines.values() for s in spans), span[1])
    counts = {"training": 0, "flight": 0, "rest": 0}
    with style():
        fig = new_figure(WIDTH_IN, 1.0 + 0.2 * rows)
        ax = fig.add_subplot()
        labels = []
        for row, (person_id, spans) in enumerate(timelines.items()):
            y = rows - 1 - row
            for s in spans:
                if s.last < first or s.first > last:
                    continue
                counts[s.kind] += 1
                height = 0.75 if s.kind == "flight" else 0.5
                ax.barh(y, _num(s.last + dt.timedelta(days=1)) - _num(s.first), left=_num(s.first), height=height,
                        color=KIND_COLOURS[s.kind], linewidth=0)
            person = people.get(person_id)
            agency = person.agency if person else ""
            labels.append(f"{person.name if person else person_id} ({agency})")
        ax.set_yticks(range(rows - 1, -1, -1), labels)
        for tick, person_id in zip(ax.get_yticklabels(), timelines, strict=True):
            person = people.get(person_id)
            tick.set_color(colours.get(person.agency, "#333333") if person else "#333333")
        ax.set_ylim(-0.7, rows - 0.3)
        ax.grid(axis="y", visible=False)
        ax.tick_params(axis="y", labelsize=7)
        _date_axis(ax, first, last)
        ax.legend(handles=[Patch(color=KIND_COLOURS[k], label=k) for k in ("training", "flight", "rest")],
                  loc="upper left", bbox_to_anchor=(1.0, 1.0), fontsize=8)
        key = "people"
        svg = to_svg(fig, key, "Per-astronaut timeline")
    return Chart(key, "Astronauts: training, flights, rest",
                 f"One row per person who flies in this manifest (name coloured by agency). Light blue: a course "
                 f"that ended on the day a qualification was earned; dark: launch to landing; grey: the "
                 f"{_rest_words(scenario)} after landing.", svg,
                 {"people": str(rows), "training": str(counts["training"]), "flights": str(counts["flight"])})


def occupancy_chart(days: StationDays) -> Chart | None:
    """People aboard per day against nominal and handover capacity, lifeboat seats per day, gap days in red."""
    if not days.days or not any(days.aboard):
        return None
    busy = [i for i, n in enumerate(days.aboard) if n or days.lifeboat_seats[i]]
    first = days.days[max(busy[0] - 15, 0)]
    last = days.days[min(busy[-1] + 15, len(days.days) - 1)]
    x = [_num(d) for d in days.days] + [_num(days.days[-1] + dt.timedelta(days=1))]
    gaps = days.gaps
    with style():
        fig = new_figure(WIDTH_IN, 3.2)
        ax = fig.add_subplot()
        for g_first, g_last in gaps:
            patch = ax.axvspan(_num(g_first), _num(g_last + dt.timedelta(days=1)), color=GAP_COLOUR, alpha=0.25,
                               linewidth=0)
            patch.set_gid(f"lifeboat-gap-{days.station}-{g_first.isoformat()}-{g_last.isoformat()}")
        ax.stairs(days.lifeboat_seats, x, color="#1e8449", linewidth=1.2, baseline=None, label="lifeboat seats")
        ax.stairs(days.aboard, x, color="#1b2631", linewidth=1.4, fill=False, baseline=None, label="people aboard")
        ax.axhline(days.nominal_crew, color="#5d6d7e", linestyle="--", linewidth=0.9,
                   label=f"nominal crew {days.nominal_crew}")
        ax.axhline(days.handover_crew, color=HANDOVER_COLOUR, linestyle=":", linewidth=1.2,
                   label=f"handover crew {days.handover_crew} (≤ {days.handover_days_max} days)")
        top = max(max(days.aboard), max(days.lifeboat_seats), days.handover_crew) + 1
        ax.set_ylim(0, top)
        ax.set_ylabel("people / seats")
        _date_axis(ax, first, last)
        handles, _ = ax.get_legend_handles_labels()
        if gaps:
            handles.append(Patch(color=GAP_COLOUR, alpha=0.25, label=f"lifeboat gap ({len(days.gap_days)} days)"))
        ax.legend(handles=handles, loc="upper left", bbox_to_anchor=(1.0, 1.0), fontsize=8)
        key = f"occupancy-{days.station}"
        svg = to_svg(fig, key, f"Occupancy and lifeboat seats of {days.name}")
    gap_text = ", ".join(f"{a.isoformat()}..{b.isoformat()}" for a, b in gaps)
    return Chart(key, f"Occupancy and lifeboat seats: {days.name}",
                 "Black: people aboard each day; green: seats on docked, sound lifeboats within their docked "
                 "life; dashed: nominal crew; dotted: handover crew. Red bands are lifeboat gap days: more people "
                 "than seats, or someone the checker finds without a usable seat.", svg,
                 {"station": days.station, "gap-days": str(len(days.gap_days)), "gaps": gap_text,
                  "peak-aboard": str(max(days.aboard))})


def windows_chart(data: Launches) -> Chart | None:
    """One panel per coming flight: each window's liftoff time of day against the day, the chosen liftoff
    starred (or, when the manifest gives only a day, that day marked)."""
    items = [item for item in data.flights if item.windows or item.liftoff]
    if not items:
        return None
    usable_count = 0
    columns = 2 if len(items) > 1 else 1
    rows = (len(items) + columns - 1) // columns
    with style():
        fig = new_figure(WIDTH_IN, 0.5 + 2.3 * rows)
        axes = fig.subplots(rows, columns, squeeze=False).ravel()
        for ax, item in zip(axes, items, strict=False):
            flight = item.flight
            usable = [w for w in item.windows if w.usable]
            other = [w for w in item.windows if not w.usable]
            usable_count += len(usable)
            ax.plot([_num(w.launch_utc.date()) + 0.5 for w in usable], [_hours(w.launch_utc) for w in usable],
                    marker="o", markersize=4, linestyle="", color="#2874a6")
            ax.plot([_num(w.launch_utc.date()) + 0.5 for w in other], [_hours(w.launch_utc) for w in other],
                    marker="o", markersize=4, linestyle="", markerfacecolor="none", color="#aab7b8")
            if item.liftoff is not None:
                ax.plot([_num(item.liftoff.date()) + 0.5], [_hours(item.liftoff)], marker="*", markersize=14,
                        linestyle="", color="#c0392b", gid=f"liftoff-{flight.id}")
            else:
                ax.axvspan(_num(flight.launch_day), _num(flight.launch_day) + 1, color="#c0392b", alpha=0.25,
                           linewidth=0, gid=f"launch-day-{flight.id}")
            ax.set_ylim(0, 24)
            ax.set_yticks(range(0, 25, 6))
            ax.set_ylabel("liftoff, h UTC")
            when = f"{item.liftoff:%Y-%m-%d %H:%M} UTC" if item.liftoff else f"{flight.launch_day} (day only)"
            ax.set_title(f"{flight.name} from {flight.site} to {flight.station}: {when}", loc="left", fontsize=9)
            days = _window_days(item)
            _date_axis(ax, min(days) - dt.timedelta(days=1), max(days) + dt.timedelta(days=1))
        for ax in axes[len(items):]:
            ax.set_visible(False)
        fig.legend(handles=[
            Line2D([], [], marker="o", color="#2874a6", linestyle="", label="window (azimuth allowed)"),
            Line2D([], [], marker="o", color="#aab7b8", markerfacecolor="none", linestyle="",
                   label="plane crossing, azimuth not allowed"),
            Line2D([], [], marker="*", color="#c0392b", linestyle="", markersize=10, label="chosen liftoff"),
            Patch(color="#c0392b", alpha=0.25, label="chosen day (no liftoff time yet)")],
            loc="outside upper center", ncols=4, fontsize=8)
        key = "windows"
        svg = to_svg(fig, key, "Launch windows of the coming flights")
    which = "coming flights" if data.coming else "last flown flights (no planned flights in this manifest)"
    return Chart(key, "Launch windows",
                 f"Launch windows of the {which}, one panel per flight: each dot is a day's recommended liftoff "
                 "(the launch site passing through the station's orbital plane, less the vehicle's ascent lead); "
                 "the star is the liftoff the manifest chose.", svg,
                 {"sites": ",".join(sorted({i.flight.site for i in items})), "usable-windows": str(usable_count),
                  "flights": ",".join(i.flight.id for i in items)})


def _hours(t: dt.datetime) -> float:
    return t.hour + t.minute / 60 + t.second / 3600


def _window_days(item: FlightWindows) -> list[dt.date]:
    days = [item.flight.launch_day, *(w.launch_utc.date() for w in item.windows)]
    if item.liftoff is not None:
        days.append(item.liftoff.date())
    return days


def agreements_chart(data: Ledger, span: tuple[dt.date, dt.date]) -> Chart | None:
    """Seats used per grant over time against the seats granted and the deadline; barter balances."""
    grants = [g for g in data.grants if g.uses or g.deadline]
    if not grants and not data.barters:
        return None
    panels = (1 if grants else 0) + (1 if data.barters else 0)
    with style():
        fig = new_figure(WIDTH_IN, 0.4 + 2.6 * panels)
        axes = list(fig.subplots(panels, 1, squeeze=False)[:, 0])
        days = [u.launch for g in grants for u in g.uses] + [g.deadline for g in grants if g.deadline]
        days += [d for b in data.barters for d, _ in b.steps] + [b.start for b in data.barters]
        first = max(min(days, default=span[0]) - dt.timedelta(days=60), span[0] - dt.timedelta(days=3650))
        last = min(max(days, default=span[1]) + dt.timedelta(days=60), span[1])
        if grants:
            ax = axes.pop(0)
            for k, g in enumerate(grants):
                colour = FALLBACK_COLOURS[k % len(FALLBACK_COLOURS)]
                xs = [_num(first)] + [_num(u.launch) for u in sorted(g.uses, key=lambda u: u.launch)] + [_num(last)]
                ys = [*range(len(g.uses) + 1), len(g.uses)]
                ax.step(xs, ys, where="post", color=colour, linewidth=1.4,
                        label=f"{g.agreement}/{g.grant}: {g.grantor}→{g.grantee}")
                ax.hlines(g.seats, _num(first), _num(g.deadline or last), colors=colour, linestyles="--",
                          linewidth=0.8)
                if g.deadline:
                    ax.plot([_num(g.deadline)], [g.seats], marker="|", markersize=12, color=colour)
            ax.set_ylabel("seats used (— granted)")
            ax.set_title("Seat grants: seats flown or planned over time; dashed: seats granted, to the deadline",
                         loc="left", fontsize=9)
            ax.legend(loc="upper left", bbox_to_anchor=(1.0, 1.0), fontsize=7)
            _date_axis(ax, first, last)
        if data.barters:
            ax = axes.pop(0)
            for k, b in enumerate(data.barters):
                colour = FALLBACK_COLOURS[(k + 5) % len(FALLBACK_COLOURS)]
                xs = [_num(b.start)] + [_num(d) for d, _ in b.steps] + [_num(min(b.end or last, last))]
                ys = [0] + [v for _, v in b.steps] + [b.steps[-1][1] if b.steps else 0]
                ax.step(xs, ys, where="post", color=colour, linewidth=1.4,
                        label=f"{b.agreement}: {b.agencies[0]} on {b.agencies[1]} vehicles − reverse")
                ax.axhspan(-b.max_imbalance, b.max_imbalance, color=colour, alpha=0.08)
            ax.axhline(0, color="#5d6d7e", linewidth=0.6)
            ax.set_ylabel("seat balance")
            ax.set_title("Barter balance over time; shaded: allowed imbalance", loc="left", fontsize=9)
            ax.legend(loc="upper left", bbox_to_anchor=(1.0, 1.0), fontsize=7)
            _date_axis(ax, first, last)
        key = "agreements"
        svg = to_svg(fig, key, "Agreements: seats and barter balance")
    return Chart(key, "Agreements ledger", "Seats used under each grant over time, and barter balances. "
                 "The table below gives the numbers.", svg,
                 {"grants": str(len(grants)), "barters": str(len(data.barters))})


def _rest_words(scenario: Scenario) -> str:
    settings = scenario.settings
    words = f"{settings.rest_days_min} rest days"
    if settings.ground_days_after_long_min and settings.ground_days_after_long_min > settings.rest_days_min:
        words += (f" ({settings.ground_days_after_long_min} after a mission of {settings.long_mission_days_min}"
                  f" days or more)")
    return words
