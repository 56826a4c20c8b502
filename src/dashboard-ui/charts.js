// The migration page's charts on uPlot (served from the installed package: no network). Times are seconds.
import uPlot from "/vendor/uPlot.esm.js";

const COLORS = {
  blue: "#4c8dff",
  green: "#2fbf71",
  red: "#f85149",
  amber: "#e3b341",
  violet: "#bc8cff",
  grid: "#262c33",
  axis: "#8b949e",
};
const PHASE_COLOR = {
  successful: COLORS.green,
  failed: COLORS.red,
  inconclusive: COLORS.amber,
  error: COLORS.violet,
};
const MARK_STYLE = {
  step: { color: "#c9d1d9", dash: [4, 4] },
  "bake-end": { color: "#6e7681", dash: [2, 4] },
  decision: { color: COLORS.green, dash: [] },
  rollback: { color: COLORS.red, dash: [] },
};

function axes(yLabel) {
  const axis = {
    stroke: COLORS.axis,
    grid: { stroke: COLORS.grid, width: 1 },
    ticks: { stroke: COLORS.grid },
  };
  return [{ ...axis }, { ...axis, label: yLabel, size: 56 }];
}

function sizeOf(el, height) {
  return { width: Math.max(320, el.clientWidth - 4), height };
}

/** Keeps a chart as wide as its panel. */
function follow(el, chart, height) {
  new ResizeObserver(() => chart.setSize(sizeOf(el, height))).observe(el);
  return chart;
}

/** Vertical lines for step starts, ends of bake, decisions and the rollback. */
function marksPlugin(marks) {
  return {
    hooks: {
      draw: [
        (u) => {
          const { ctx } = u;
          const { top, height } = u.bbox;
          ctx.save();
          for (const mark of marks) {
            const x = u.valToPos(mark.at / 1000, "x", true);
            if (x < u.bbox.left || x > u.bbox.left + u.bbox.width) continue;
            const style = MARK_STYLE[mark.kind] ?? MARK_STYLE.step;
            ctx.strokeStyle = style.color;
            ctx.setLineDash(style.dash);
            ctx.lineWidth = mark.kind === "rollback" ? 2.5 * devicePixelRatio : devicePixelRatio;
            ctx.beginPath();
            ctx.moveTo(x, top);
            ctx.lineTo(x, top + height);
            ctx.stroke();
            if (mark.kind === "rollback" || mark.kind === "decision") {
              ctx.setLineDash([]);
              ctx.fillStyle = style.color;
              ctx.font = `${11 * devicePixelRatio}px system-ui`;
              ctx.fillText(shortLabel(mark.label), x + 4 * devicePixelRatio, top + 12 * devicePixelRatio);
            }
          }
          ctx.restore();
        },
      ],
    },
  };
}

function shortLabel(label) {
  if (label.startsWith("ROLLBACK")) return "ROLLBACK";
  if (label.startsWith("rolled back")) return "rolled back";
  return label.replace(/^step (\d+).* (passed|approved|awaits approval).*$/, "step $1 $2").slice(0, 24);
}

/** Blue and green weights as steps over time, from the first change to `endAt` (now, or the end). */
export function weightsChart(el, weights, range) {
  const endAt = range.max;
  const points = weights.points;
  const xs = points.map((p) => p.at / 1000);
  const blue = points.map((p) => p.blue);
  const green = points.map((p) => p.green);
  const last = points.at(-1);
  if (last && endAt / 1000 > xs.at(-1)) {
    xs.push(endAt / 1000);
    blue.push(last.blue);
    green.push(last.green);
  }
  const stepped = uPlot.paths.stepped({ align: 1 });
  const opts = {
    ...sizeOf(el, 230),
    scales: { x: { time: true, range: () => [range.min / 1000, range.max / 1000] }, y: { range: [0, 100] } },
    axes: axes("% traffic"),
    series: [
      {},
      {
        label: "blue %",
        stroke: COLORS.blue,
        fill: "rgba(76,141,255,0.12)",
        width: 2.5,
        paths: stepped,
        points: { show: false },
      },
      {
        label: "green %",
        stroke: COLORS.green,
        fill: "rgba(47,191,113,0.18)",
        width: 2.5,
        paths: stepped,
        points: { show: false },
      },
    ],
    legend: { live: false },
    plugins: [marksPlugin(weights.marks)],
  };
  return follow(el, new uPlot(opts, [xs, blue, green], el), 230);
}

/** One gate metric: green and blue, the thresholds, and each measurement coloured by its verdict. */
export function metricChart(el, series, marks, range) {
  const xs = series.points.map((p) => p.at / 1000);
  const green = series.points.map((p) => p.green);
  const blue = series.points.map((p) => p.blue);
  const data = [xs, green, blue];
  const hasBlue = blue.some((b) => b !== null);
  const lines = [
    {},
    { label: "green", stroke: COLORS.green, width: 2, points: { show: false }, spanGaps: true },
    { label: "blue", stroke: COLORS.blue, width: 2, points: { show: false }, spanGaps: true, show: hasBlue },
  ];
  const threshold = (label, values, color) => {
    data.push(values);
    lines.push({ label, stroke: color, width: 1.5, dash: [6, 4], points: { show: false }, spanGaps: true });
  };
  if (series.max !== null)
    threshold(
      `max ${series.max}`,
      xs.map(() => series.max),
      COLORS.red,
    );
  if (series.min !== null)
    threshold(
      `min ${series.min}`,
      xs.map(() => series.min),
      COLORS.red,
    );
  if (series.maxRatio !== null) {
    threshold(
      `${series.maxRatio}× blue`,
      blue.map((b) => (b === null ? null : b * series.maxRatio)),
      COLORS.amber,
    );
  }
  const opts = {
    ...sizeOf(el, 200),
    axes: axes(series.metric),
    scales: {
      x: { time: true, range: () => [range.min / 1000, range.max / 1000] },
      y: { range: (_u, lo, hi) => [Math.min(0, lo ?? 0), (hi ?? 1) * 1.15 || 1] },
    },
    series: lines,
    legend: { live: false },
    plugins: [marksPlugin(marks.filter((m) => m.kind !== "bake-end")), verdictsPlugin(series.points)],
  };
  return follow(el, new uPlot(opts, data, el), 200);
}

/** A dot per measurement on green's line (at the bottom when there was no value), coloured by verdict. */
function verdictsPlugin(points) {
  return {
    hooks: {
      draw: [
        (u) => {
          const { ctx } = u;
          ctx.save();
          points.forEach((p, i) => {
            const x = u.valToPos(u.data[0][i], "x", true);
            const y =
              p.green === null
                ? u.bbox.top + u.bbox.height - 6 * devicePixelRatio
                : u.valToPos(p.green, "y", true);
            ctx.fillStyle = PHASE_COLOR[p.phase] ?? COLORS.axis;
            ctx.strokeStyle = "#0d1117";
            ctx.lineWidth = devicePixelRatio;
            ctx.beginPath();
            ctx.arc(x, y, (p.phase === "successful" ? 3.5 : 5) * devicePixelRatio, 0, 2 * Math.PI);
            ctx.fill();
            ctx.stroke();
          });
          ctx.restore();
        },
      ],
    },
  };
}
