/** Sign-in gate, then the layout with the page the URL names (each page is its own chunk). */
import { Alert, Spin } from "antd";
import { lazy, Suspense, type ComponentType, type LazyExoticComponent } from "react";
import { messageOf } from "./api/client.js";
import { useSession } from "./auth/session.js";
import { AppLayout } from "./layout/AppLayout.js";
import { homePath, mayOpen } from "./menu.js";
import { navigate, useLocation } from "./router.js";
import { resolvePage, type PageKey } from "./routes.js";

type PageProps = { params: Record<string, string> };
type PageModule = { default: ComponentType<PageProps> };

const LOADERS: Record<PageKey, () => Promise<PageModule>> = {
  dashboard: () => import("./pages/dashboard/DashboardPage.js"),
  documents: () => import("./pages/documents/DocumentsPage.js"),
  document: () => import("./pages/documents/DocumentPage.js"),
  tasks: () => import("./pages/tasks/TasksPage.js"),
  matrix: () => import("./pages/matrix/MatrixPage.js"),
  reporting: () => import("./pages/reporting/ReportingPage.js"),
  reminders: () => import("./pages/reminders/RemindersPage.js"),
  periods: () => import("./pages/periods/PeriodsPage.js"),
  indicators: () => import("./pages/indicators/IndicatorsPage.js"),
  evaluation: () => import("./pages/evaluation/EvaluationPage.js"),
  users: () => import("./pages/admin/UsersPage.js"),
  units: () => import("./pages/admin/UnitsPage.js"),
  regions: () => import("./pages/admin/RegionsPage.js"),
  settings: () => import("./pages/settings/SettingsPage.js"),
  audit: () => import("./pages/audit/AuditPage.js"),
  account: () => import("./pages/account/AccountPage.js"),
};

// Signed-in users (the usual case on a return visit) never download the sign-in forms.
const LoginPage = lazy(() => import("./auth/LoginPage.js").then((m) => ({ default: m.LoginPage })));
const RestrictedPage = lazy(() =>
  import("./auth/RestrictedPage.js").then((m) => ({ default: m.RestrictedPage })),
);

const PAGES = Object.fromEntries(Object.entries(LOADERS).map(([page, load]) => [page, lazy(load)])) as Record<
  PageKey,
  LazyExoticComponent<ComponentType<PageProps>>
>;

// The chunk of the page in the address bar loads while the session is being checked, not after.
const first = resolvePage(window.location.pathname);
if (first) void LOADERS[first.page]().catch(() => undefined);

const loading = <Spin size="large" style={{ display: "block", margin: "120px auto" }} />;

/** The whole app. */
export function App() {
  const session = useSession();
  const { path } = useLocation();
  if (session.isPending) return loading;
  if (session.isError) {
    return (
      <Alert
        type="error"
        showIcon
        style={{ margin: 48 }}
        title="无法连接服务器"
        description={messageOf(session.error)}
      />
    );
  }
  const me = session.data;
  if (!me) {
    return (
      <Suspense fallback={loading}>
        <LoginPage />
      </Suspense>
    );
  }
  if (me.data.restriction) {
    return (
      <Suspense fallback={loading}>
        <RestrictedPage me={me} />
      </Suspense>
    );
  }

  const resolved = resolvePage(path);
  if (!resolved) {
    // "/" and unknown paths go to the role's first page.
    queueMicrotask(() => navigate(homePath(me.policies, me.data.role), { replace: true }));
    return loading;
  }
  const Page = PAGES[resolved.page];
  return (
    <AppLayout me={me} current={resolved.page}>
      {mayOpen(me.policies, resolved.page, me.data.role) ? (
        <Suspense fallback={loading}>
          <Page params={resolved.params} />
        </Suspense>
      ) : (
        <Alert type="warning" showIcon title="无权访问" description="您的角色不能使用此页面。" />
      )}
    </AppLayout>
  );
}
