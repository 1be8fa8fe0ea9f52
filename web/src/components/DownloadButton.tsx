/** A button that downloads an export, with a spinner while the server writes it and a message after. */
import { DownloadOutlined } from "@ant-design/icons";
import { App, Button } from "antd";
import { useState } from "react";
import { messageOf } from "../api/client.js";
import { downloadFile } from "../api/download.js";

/** Downloads `path`; `label` is the button text (e.g. 导出工作台账). */
export function DownloadButton(props: {
  path: string;
  label: string;
  fallbackName: string;
  disabled?: boolean;
  type?: "default" | "primary";
}) {
  const { message } = App.useApp();
  const [busy, setBusy] = useState(false);
  return (
    <Button
      icon={<DownloadOutlined />}
      type={props.type ?? "default"}
      loading={busy}
      disabled={props.disabled}
      onClick={() => {
        setBusy(true);
        downloadFile(props.path, props.fallbackName)
          .then(
            (name) => message.success(`已下载 ${name}`),
            (error: unknown) => message.error(`下载失败：${messageOf(error)}`),
          )
          .finally(() => setBusy(false));
      }}
    >
      {props.label}
    </Button>
  );
}
