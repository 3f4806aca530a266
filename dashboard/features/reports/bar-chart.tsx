/** One bar: its label and value, and the text shown at its end (a formatted value). */
export type Bar = { label: string; value: number; text: string };

const ROW = 28;
const LABEL_WIDTH = 180;
const WIDTH = 640;

/**
 * A horizontal bar chart, hand-built SVG. The chart is an image named by its caption; the same figures are
 * always in the data table next to it (the accessible alternative), so the SVG's texts are decoration for
 * sighted readers (an image's children are presentational).
 */
export function BarChart({ bars, title, captionId }: { bars: Bar[]; title: string; captionId: string }) {
  const max = Math.max(1, ...bars.map((b) => b.value));
  const barSpace = WIDTH - LABEL_WIDTH - 80;
  return (
    <svg
      class="bar-chart"
      role="img"
      aria-labelledby={captionId}
      viewBox={`0 0 ${WIDTH} ${Math.max(1, bars.length) * ROW}`}
      preserveAspectRatio="xMinYMin meet"
    >
      <title>{title}</title>
      <g>
        {bars.map((bar, i) => {
          const y = i * ROW;
          const width = Math.max(bar.value > 0 ? 2 : 0, (bar.value / max) * barSpace);
          return (
            <g key={`${bar.label}-${i}`}>
              <text x={LABEL_WIDTH - 8} y={y + ROW / 2} text-anchor="end" dominant-baseline="middle">
                {bar.label.length > 24 ? `${bar.label.slice(0, 23)}…` : bar.label}
              </text>
              <rect class="bar-chart__bar" x={LABEL_WIDTH} y={y + 5} width={width} height={ROW - 10} rx="3" />
              <text x={LABEL_WIDTH + width + 6} y={y + ROW / 2} dominant-baseline="middle">
                {bar.text}
              </text>
            </g>
          );
        })}
      </g>
    </svg>
  );
}
