// Boot: runs before the page's modules. Starts the ELK layout worker and warms it up, and
// starts fetching the graph script named in the URL, so that the worker's start-up, the fetch
// and the parsing of the drawing library overlap. app.js picks both up from `stepgraphBoot`.
(function boot() {
  var elk = new window.ELK({ workerUrl: "/viewer/vendor/elk-worker.min.js" });
  var warm = elk
    .layout({
      id: "warm-up",
      layoutOptions: { "elk.algorithm": "layered", "elk.layered.wrapping.strategy": "MULTI_EDGE" },
      children: [
        { id: "a", width: 10, height: 10 },
        { id: "b", width: 10, height: 10, children: [{ id: "c", width: 10, height: 10 }] },
      ],
      edges: [{ id: "e", sources: ["a"], targets: ["b"] }],
    })
    .catch(function () {
      return undefined;
    })
    .then(function () {
      window.stepgraphBoot.warmAt = performance.now();
    });
  var params = new URLSearchParams(location.search);
  var id = params.get("procedure");
  var version = params.get("version");
  var firstScript;
  if (id) {
    var url = "/v1/procedures/" + encodeURIComponent(id) + "/graph-script" + (version ? "?version=" + encodeURIComponent(version) : "");
    var h = { accept: "application/json" };
    var token = sessionStorage.getItem("stepgraph.token");
    if (token) h.authorization = "Bearer " + token;
    firstScript = fetch(url, { headers: h });
  }
  window.stepgraphBoot = { elk: elk, warm: warm, firstScript: firstScript, startedAt: performance.now() };
})();
