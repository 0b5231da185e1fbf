// crewplan's manifest timeline: one lane per station and port, a bar per flight (launch to landing) with its
// crew, damaged vehicles and lifeboat gaps marked; zoom from the whole plan to one week, pan by dragging or
// with the keys. Plain JavaScript, no inline code (the page's Content-Security-Policy allows none).
(function () {
  "use strict";
  const SVG = "http://www.w3.org/2000/svg";
  const DAY = 86400000;
  const WEEK = 7 * DAY;
  const LANE = 26, AXIS = 30, LABELS = 220;
  const TICKS = [[DAY, "day"], [WEEK, "week"], [30.44 * DAY, "month"], [91.31 * DAY, "quarter"],
                 [365.25 * DAY, "year"], [5 * 365.25 * DAY, "5 years"]];

  function el(name, attrs, parent) {
    const node = document.createElementNS(SVG, name);
    for (const key in attrs) node.setAttribute(key, attrs[key]);
    if (parent) parent.appendChild(node);
    return node;
  }

  function day(ms) {
    const d = new Date(ms);
    const start = Date.UTC(d.getUTCFullYear(), 0, 1);
    const doy = String(Math.floor((ms - start) / DAY) + 1).padStart(3, "0");
    return d.toISOString().slice(0, 10) + " (" + doy + ")";
  }

  function tickStep(span, width) {
    for (const [step] of TICKS) if (span / step <= width / 90) return step;
    return TICKS[TICKS.length - 1][0];
  }

  function ticks(start, end, step) {
    const out = [];
    const d = new Date(start);
    let t;
    if (step >= 365 * DAY) {
      const years = Math.round(step / (365.25 * DAY));
      const y0 = Math.floor(d.getUTCFullYear() / years) * years;
      for (let y = y0; (t = Date.UTC(y, 0, 1)) <= end; y += years) if (t >= start) out.push(t);
    } else if (step >= 28 * DAY) {
      const months = Math.round(step / (30.44 * DAY));
      for (let m = d.getUTCMonth() - (d.getUTCMonth() % months), y = d.getUTCFullYear();
           (t = Date.UTC(y, m, 1)) <= end; m += months) if (t >= start) out.push(t);
    } else {
      const first = Math.ceil(start / step) * step;
      for (t = first; t <= end; t += step) out.push(t);
    }
    return out;
  }

  function Timeline(host, data) {
    this.host = host;
    this.data = data;
    this.full = [data.start_ms, data.end_ms];
    this.view = this.full.slice();
    this.width = Math.max(400, host.clientWidth - LABELS);
    const height = AXIS + LANE * data.lanes.length + 4;
    this.svg = el("svg", {width: LABELS + this.width, height: height, class: "timeline-svg"}, host);
    const labels = el("g", {class: "lanes"}, this.svg);
    data.lanes.forEach((lane, n) => {
      el("rect", {x: 0, y: AXIS + n * LANE, width: LABELS + this.width, height: LANE,
                  class: n % 2 ? "lane odd" : "lane"}, labels);
      const text = el("text", {x: 6, y: AXIS + n * LANE + 17, class: "lane-label " + lane.kind}, labels);
      text.textContent = lane.label;
    });
    this.axis = el("g", {class: "axis"}, this.svg);
    el("rect", {x: LABELS, y: 0, width: this.width, height: height, class: "clip-area"}, this.svg);
    const clip = el("clipPath", {id: "timeline-clip"}, this.svg);
    el("rect", {x: LABELS, y: 0, width: this.width, height: height}, clip);
    this.plot = el("g", {"clip-path": "url(#timeline-clip)"}, this.svg);
    this.gaps = data.gaps.map((gap) => {
      const node = el("rect", {y: AXIS + gap.lane * LANE + 3, height: LANE - 6, class: "gap"}, this.plot);
      el("title", {}, node).textContent = "lifeboat gap " + day(gap.start_ms) + " to " + day(gap.end_ms) +
        ": " + gap.message;
      return {gap: gap, node: node};
    });
    this.bars = data.bars.map((bar) => this.bar(bar));
  }

  Timeline.prototype.bar = function (bar) {
    const y = AXIS + bar.lane * LANE;
    const kind = bar.seats === 0 ? "uncrewed" : (bar.crew.length ? "crewed" : "open");
    const group = el("g", {class: "bar " + kind, "data-flight": bar.flight}, this.plot);
    const rect = el("rect", {y: y + 4, height: LANE - 8, rx: 3}, group);
    const damage = bar.damaged_ms ? el("rect", {y: y + 4, height: LANE - 8, class: "damage"}, group) : null;
    const launch = el("path", {class: "launch"}, group);
    const text = el("text", {y: y + 17, class: "bar-label"}, group);
    text.textContent = bar.label + (bar.crew.length ? ": " + bar.crew.join(", ") : "");
    el("title", {}, group).textContent = bar.label + "\nlaunch " + day(bar.start_ms) + "\nlanding " +
      day(bar.end_ms) + (bar.crew.length ? "\ncrew: " + bar.crew.join(", ") : "\nno crew assigned") +
      (bar.damaged_ms ? "\ndamaged " + day(bar.damaged_ms) : "");
    return {bar: bar, group: group, rect: rect, damage: damage, launch: launch, text: text, y: y,
            full: text.textContent};
  };

  Timeline.prototype.x = function (ms) {
    return LABELS + (ms - this.view[0]) / (this.view[1] - this.view[0]) * this.width;
  };

  Timeline.prototype.render = function () {
    const [start, end] = this.view;
    for (const b of this.bars) {
      const bar = b.bar;
      if (bar.end_ms < start || bar.start_ms > end) { b.group.setAttribute("display", "none"); continue; }
      b.group.removeAttribute("display");
      const x0 = this.x(bar.start_ms), x1 = this.x(bar.end_ms);
      const w = Math.max(2, x1 - x0);
      b.rect.setAttribute("x", x0);
      b.rect.setAttribute("width", w);
      if (b.damage) {
        const xd = this.x(bar.damaged_ms);
        b.damage.setAttribute("x", xd);
        b.damage.setAttribute("width", Math.max(2, x1 - xd));
      }
      b.launch.setAttribute("d", "M" + x0 + " " + (b.y + 2) + "l4 -3v6z");
      const room = w - 8;
      if (room > 40) {
        b.text.removeAttribute("display");
        b.text.setAttribute("x", Math.max(x0, LABELS) + 4);
        const wanted = b.full.length * 6.5 > room ? b.bar.label : b.full;
        if (b.text.textContent !== wanted) b.text.textContent = wanted;
      } else {
        b.text.setAttribute("display", "none");
      }
    }
    for (const g of this.gaps) {
      const x0 = this.x(g.gap.start_ms);
      g.node.setAttribute("x", x0);
      g.node.setAttribute("width", Math.max(2, this.x(g.gap.end_ms) - x0));
    }
    this.drawAxis();
    const span = document.querySelector("[data-testid=span]");
    if (span) span.textContent = day(start) + " to " + day(end) + " (" + Math.round((end - start) / DAY) + " days)";
    this.host.dataset.viewStartMs = String(Math.round(start));
    this.host.dataset.viewEndMs = String(Math.round(end));
  };

  Timeline.prototype.drawAxis = function () {
    while (this.axis.firstChild) this.axis.removeChild(this.axis.firstChild);
    const [start, end] = this.view;
    const step = tickStep(end - start, this.width);
    for (const t of ticks(start, end, step)) {
      const x = this.x(t);
      el("line", {x1: x, x2: x, y1: AXIS - 6, y2: AXIS + LANE * this.data.lanes.length, class: "tick"}, this.axis);
      const label = el("text", {x: x + 3, y: AXIS - 10, class: "tick-label"}, this.axis);
      label.textContent = step >= 365 * DAY ? new Date(t).getUTCFullYear() :
        (step >= 28 * DAY ? new Date(t).toISOString().slice(0, 7) : day(t));
    }
  };

  Timeline.prototype.zoom = function (factor, atMs) {
    const [start, end] = this.view;
    const span = Math.min(this.full[1] - this.full[0], Math.max(WEEK, (end - start) * factor));
    const at = atMs === undefined ? (start + end) / 2 : atMs;
    const share = (at - start) / (end - start);
    this.set(at - share * span, at - share * span + span);
  };

  Timeline.prototype.pan = function (shareOfSpan) {
    const [start, end] = this.view;
    const shift = (end - start) * shareOfSpan;
    this.set(start + shift, end + shift);
  };

  Timeline.prototype.set = function (start, end) {
    const span = end - start;
    const lo = this.full[0], hi = this.full[1];
    if (start < lo) { start = lo; end = lo + span; }
    if (end > hi) { end = hi; start = Math.max(lo, hi - span); }
    this.view = [start, end];
    const t0 = performance.now();
    this.render();
    this.host.dataset.lastRenderMs = (performance.now() - t0).toFixed(2);
  };

  Timeline.prototype.listen = function () {
    const host = this.host;
    host.addEventListener("wheel", (event) => {
      if (event.deltaY === 0) return;  // a sideways swipe: not a zoom
      event.preventDefault();
      const box = this.svg.getBoundingClientRect();
      const share = Math.min(1, Math.max(0, (event.clientX - box.left - LABELS) / this.width));
      this.zoom(event.deltaY > 0 ? 1.25 : 0.8, this.view[0] + share * (this.view[1] - this.view[0]));
    }, {passive: false});
    host.addEventListener("keydown", (event) => {
      const keys = {"+": () => this.zoom(0.8), "=": () => this.zoom(0.8), "-": () => this.zoom(1.25),
                    "ArrowLeft": () => this.pan(-0.1), "ArrowRight": () => this.pan(0.1),
                    "Home": () => this.set(this.full[0], this.full[1])};
      if (keys[event.key]) { event.preventDefault(); keys[event.key](); }
    });
    let dragging = null;
    host.addEventListener("pointerdown", (event) => {
      dragging = {x: event.clientX, view: this.view.slice()};
      host.setPointerCapture(event.pointerId);
    });
    host.addEventListener("pointermove", (event) => {
      if (!dragging) return;
      const shift = (dragging.x - event.clientX) / this.width * (dragging.view[1] - dragging.view[0]);
      this.set(dragging.view[0] + shift, dragging.view[1] + shift);
    });
    for (const end of ["pointerup", "pointercancel", "lostpointercapture"]) {
      host.addEventListener(end, () => { dragging = null; });
    }
    document.querySelectorAll("[data-zoom]").forEach((button) => {
      button.addEventListener("click", () => {
        const how = button.dataset.zoom;
        if (how === "in") this.zoom(0.8);
        else if (how === "out") this.zoom(1.25);
        else this.set(this.full[0], this.full[1]);
      });
    });
  };

  function start() {
    const host = document.getElementById("timeline");
    if (!host) return;
    const began = performance.now();
    fetch(host.dataset.source, {credentials: "same-origin", headers: {"Accept": "application/json"}})
      .then((answer) => {
        if (!answer.ok) throw new Error("the timeline's data answered " + answer.status);
        return answer.json();
      })
      .then((data) => {
        const timeline = new Timeline(host, data);
        timeline.render();
        timeline.listen();
        host.dataset.bars = String(data.bars.length);
        host.dataset.drawnMs = (performance.now() - began).toFixed(1);
        host.dataset.drawnAtMs = performance.now().toFixed(1);  // since the navigation began
        host.dataset.drawn = "true";
        window.crewplanTimeline = timeline;
      })
      .catch((error) => {
        host.textContent = "The timeline could not be drawn: " + error.message;
        host.dataset.drawn = "failed";
      });
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
