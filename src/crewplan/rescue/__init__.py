"""Joint rescue (issue 14): which vehicle of any agency could reach a station in time, dock, and bring whom
home. ``candidates`` is pure (domain, orbit, rules, the checker's reading of who is aboard)."""
