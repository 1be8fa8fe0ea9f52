/** The 督查室 closes a period (accepted reports lock, nothing more can be filed) or opens it again. */
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { App, Button } from "antd";
import { messageOf } from "../../api/client.js";
import { send } from "../../api/send.js";
import type { Period } from "../../reporting.js";

/** The button. */
export function ClosePeriod({ period }: { period: Period }) {
  const client = useQueryClient();
  const { message, modal } = App.useApp();
  const closing = period.status === "open";
  const toggle = useMutation({
    mutationFn: () => send("POST", `/api/periods/${period.id}/${closing ? "close" : "reopen"}`),
    onSuccess: async () => {
      message.success(closing ? "周期已关闭，已通过的报告已锁定" : "周期已重新开放");
      await client.invalidateQueries({ queryKey: ["periods"] });
      await client.invalidateQueries({ queryKey: ["expected", period.id] });
    },
    onError: (error) => message.error(messageOf(error)),
  });
  return (
    <Button
      loading={toggle.isPending}
      onClick={() =>
        modal.confirm({
          title: closing ? `关闭“${period.label}”？` : `重新开放“${period.label}”？`,
          content: closing
            ? "关闭后各单位不能再报送，已审核通过的报告将锁定。需要补报的单位可另行开通例外。"
            : "重新开放后各单位可以继续报送。",
          onOk: () => toggle.mutateAsync(),
        })
      }
    >
      {closing ? "关闭周期" : "重新开放"}
    </Button>
  );
}
