import { useEffect, useRef } from 'preact/hooks';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';

export interface Series {
  readonly label: string;
  readonly values: readonly number[];
  readonly color: string;
}

/**
 * A uPlot chart over days (`YYYY-MM-DD`), lines by default or bars. The numbers also go into a
 * visually hidden table, so screen readers get the data the picture shows.
 */
export function DayChart({
  title,
  days,
  series,
  bars = false,
}: {
  title: string;
  days: readonly string[];
  series: readonly Series[];
  bars?: boolean;
}) {
  const box = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const element = box.current;
    if (!element) return undefined;
    const xs = days.map((day) => Date.parse(`${day}T00:00:00Z`) / 1000);
    const plot = new uPlot(
      {
        width: Math.max(320, element.clientWidth),
        height: 220,
        series: [
          {},
          ...series.map((s) => ({
            label: s.label,
            stroke: s.color,
            fill: `${s.color}33`,
            width: 2,
            ...(bars ? { paths: uPlot.paths.bars?.({ size: [0.6, 40] }), points: { show: false } } : {}),
          })),
        ],
        axes: [{}, { size: 50 }],
        scales: { x: { time: true }, y: { range: (_u, _min, max) => [0, Math.max(1, max)] } },
      },
      [xs, ...series.map((s) => [...s.values])],
      element,
    );
    return () => plot.destroy();
  }, [days, series, bars]);
  return (
    <figure class="chart" data-testid="chart">
      <figcaption>{title}</figcaption>
      <div ref={box} role="img" aria-label={title} />
      <table class="visually-hidden">
        <caption>{title}</caption>
        <thead>
          <tr>
            <th scope="col">Day</th>
            {series.map((s) => (
              <th scope="col" key={s.label}>
                {s.label}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {days.map((day, index) => (
            <tr key={day}>
              <th scope="row">{day}</th>
              {series.map((s) => (
                <td key={s.label}>{s.values[index]}</td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </figure>
  );
}
