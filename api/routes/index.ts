// Every route of the API, in the order they are registered and documented.
import type { AnyRoute } from "../route.js";
import { graphScriptRoutes } from "./graph-scripts.js";
import { groundingRoutes } from "./grounding.js";
import { healthRoutes } from "./health.js";
import { hierarchyRoutes } from "./hierarchy.js";
import { procedureRoutes } from "./procedures.js";
import { queryRoutes } from "./queries.js";
import { sessionRoutes } from "./sessions.js";
import { statsRoutes } from "./stats.js";
import { traceRoutes } from "./traces.js";

export const routes: AnyRoute[] = [
  ...healthRoutes,
  ...procedureRoutes,
  ...traceRoutes,
  ...graphScriptRoutes,
  ...queryRoutes,
  ...groundingRoutes,
  ...hierarchyRoutes,
  ...statsRoutes,
  ...sessionRoutes,
];
