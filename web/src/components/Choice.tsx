/** A labelled drop-down over a map of values to plain-language names, optionally with an "all" choice. */
interface Props {
  label: string;
  value: string;
  options: Record<string, string>;
  onChange: (value: string) => void;
  /** The name of the empty value (no filter); absent when a value is required. */
  all?: string;
}

export function Choice({ label, value, options, onChange, all }: Props) {
  return (
    <label>
      {label}
      <select value={value} onChange={(e) => onChange(e.target.value)}>
        {all !== undefined && <option value="">{all}</option>}
        {Object.entries(options).map(([k, v]) => (
          <option key={k} value={k}>
            {v}
          </option>
        ))}
      </select>
    </label>
  );
}
