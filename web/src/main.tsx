import { MutationCache, QueryCache, QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { App as AntApp, ConfigProvider } from "antd";
import zhCN from "antd/locale/zh_CN";
import dayjs from "dayjs";
import "dayjs/locale/zh-cn";
import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { isSignedOut } from "./api/client.js";
import { App } from "./App.js";
import { ME_KEY, sessionQuery } from "./auth/session.js";
import { cspNonce } from "./csp-nonce.js";
import { prefetchFirstPage } from "./queries.js";
import "./base.css";

dayjs.locale("zh-cn");

const onError = (error: unknown) => {
  // A session that ended (idle timeout, signed out elsewhere) sends the user back to sign-in.
  if (isSignedOut(error)) queryClient.setQueryData(ME_KEY, null);
};
const queryClient = new QueryClient({
  queryCache: new QueryCache({ onError }),
  mutationCache: new MutationCache({ onError }),
  defaultOptions: {
    queries: { retry: (count, error) => !isSignedOut(error) && count < 1, refetchOnWindowFocus: false },
  },
});

// The session first (the server may answer requests one at a time), then the data of the page in
// the address bar alongside it — not after the layout has rendered.
void queryClient.prefetchQuery(sessionQuery());
prefetchFirstPage(queryClient, window.location);

createRoot(document.getElementById("root")!).render(
  <StrictMode>
    <ConfigProvider
      locale={zhCN}
      csp={cspNonce ? { nonce: cspNonce } : undefined}
      theme={{ token: { colorPrimary: "#c0392b" } }}
    >
      <AntApp>
        <QueryClientProvider client={queryClient}>
          <App />
        </QueryClientProvider>
      </AntApp>
    </ConfigProvider>
  </StrictMode>,
);
