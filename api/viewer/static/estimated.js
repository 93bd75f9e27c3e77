// "Estimated from the runs": what induction estimated from the procedure's own traces, in the
// words the graph script gives (calibration.reasons: clean or noisy order, runs set aside, habits,
// the ranking's fitted weights, whether the runs bear out the written order, …), the same list
// `stepgraph induce` prints and GET …/graph-script returns. Hidden when the script has none (no
// traces, or induced with evidence "counts"); closed until opened.

/**
 * @param {HTMLDetailsElement} details the panel
 * @param {HTMLUListElement} ul its list
 * @param {any} script the graph script shown
 */
export function renderEstimated(details, ul, script) {
  const reasons = script.calibration?.reasons ?? [];
  ul.replaceChildren(
    ...reasons.map((text) => {
      const li = document.createElement("li");
      li.textContent = text;
      return li;
    }),
  );
  details.querySelector("summary").textContent = `Estimated from the ${script.traceCount} runs (${reasons.length})`;
  details.hidden = reasons.length === 0;
}
