/**
 * The reporting periods the caller may see, and the picker every period page shares: the URL's
 * `periodId`, else the first open period, else the first. The list answer carries the caller's
 * period `policies` (close, remind, setWeights, manageChecklist, export, import, …), which pages
 * use to show only the controls the role may use.
 */
import { useQuery } from "@tanstack/react-query";
import { Select } from "antd";
import { get } from "../api/send.js";
import type { Period } from "../reporting.js";
import { setQuery, useLocation } from "../router.js";

/** `GET /api/periods`. */
export interface PeriodList {
  data: Period[];
  policies?: Record<string, boolean>;
}

/** The periods, the chosen one and the caller's period policies. */
export function usePeriods() {
  const { query } = useLocation();
  const periods = useQuery({ queryKey: ["periods"], queryFn: () => get<PeriodList>("/api/periods") });
  const list = periods.data?.data ?? [];
  const periodId =
    query.get("periodId") ?? list.find((p) => p.status === "open")?.id ?? list[0]?.id ?? undefined;
  const period = list.find((p) => p.id === periodId);
  const policies = periods.data?.policies ?? {};
  return { periods, list, periodId, period, policies };
}

/** The period picker; the choice lives in the URL (`?periodId=`). */
export function PeriodSelect(props: { periods: ReturnType<typeof usePeriods> }) {
  const { periods, list, periodId } = props.periods;
  return (
    <Select
      style={{ width: 360 }}
      placeholder="选择报送周期"
      loading={periods.isPending}
      value={periodId}
      onChange={(v: string) => setQuery({ periodId: v })}
      options={list.map((p) => ({
        value: p.id,
        label: `${p.label}（截止 ${p.due}${p.status === "closed" ? "，已关闭" : ""}）`,
      }))}
      aria-label="报送周期"
    />
  );
}
