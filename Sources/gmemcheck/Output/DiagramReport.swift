import Explorer
import GmemModel
import Invariants

/// `--format mermaid` and `--format table`: each counterexample as a
/// Mermaid sequence diagram or as a Markdown table of the subpages' states,
/// for design reviews (both render in GitHub and GitLab Markdown).
enum DiagramReport {
  /// The steps of a counterexample, with where a lasso's cycle starts.
  static func steps(_ p: PropertyResult<GmemState, Step>) -> (all: [Trace<GmemState, Step>.Step], cycleStart: Int?) {
    let prefix = p.counterexample!.steps
    return (prefix + (p.cycle ?? []), p.cycle == nil ? nil : prefix.count)
  }

  static func failures(_ run: CheckRun) -> [PropertyResult<GmemState, Step>] {
    run.result.properties.filter { $0.counterexample != nil }
  }

  static func mermaid(_ run: CheckRun) -> String {
    let failed = failures(run)
    if failed.isEmpty {
      return "%% gmemcheck \(run.configPath): \(run.result.verdict.rawValue), no counterexample"
    }
    return failed.map { mermaid($0, run) }.joined(separator: "\n\n")
  }

  static let lifelines: [(Actor?, String, String)] = [
    (.guest, "G", "Guest"), (.vmm, "V", "VMM"), (.iommu, "I", "IOMMU"), (.mm, "K", "mm"),
    (.compaction, "C", "Compaction"), (nil, "M", "guest_memfd"),
  ]

  static func mermaid(_ p: PropertyResult<GmemState, Step>, _ run: CheckRun) -> String {
    let model = run.model
    var out = [
      "%% gmemcheck \(run.configPath): counterexample for \(p.name)", "sequenceDiagram",
    ]
    out += lifelines.map { "    participant \($0.1) as \($0.2)" }
    let (all, cycleStart) = steps(p)
    for (i, step) in all.enumerated() {
      if i == cycleStart { out.append("    loop repeats for ever") }
      let indent = cycleStart.map { i >= $0 } ?? false ? "        " : "    "
      let from = lifelines.first { $0.0 == step.label.action.kind.actor }!.1
      // A failed call is a cross, as in Mermaid's own examples.
      let arrow = step.label.outcome == .ok ? "->>" : "-x"
      // "->" and ";" mean something to Mermaid even in a message.
      let text = model.describe(step.label.action).replacing(" -> ", with: " to ")
      out.append("\(indent)\(from)\(arrow)M: \(i + 1). \(text): \(model.describeOutcome(step.label))")
    }
    if cycleStart != nil { out.append("    end") }
    let why = TextReport.why(p, p.counterexample!.final, run)
    out.append("    Note over M: \(p.name) violated: \(why.replacing(";", with: ","))")
    return out.joined(separator: "\n")
  }

  static func table(_ run: CheckRun) -> String {
    let failed = failures(run)
    if failed.isEmpty { return "gmemcheck \(run.configPath): \(run.result.verdict.rawValue), no counterexample" }
    return failed.map { table($0, run) }.joined(separator: "\n\n")
  }

  /// One row per step, one column per subpage, cells in the card's words.
  static func table(_ p: PropertyResult<GmemState, Step>, _ run: CheckRun) -> String {
    let model = run.model
    let c = model.config
    var header = ["step", "action", "outcome"] + model.subpageIndices.map { "p\($0)" }
    if c.backing == .huge { header += (0..<c.folios).map { "f\($0)" } }
    header.append("request")
    func row(_ n: String, _ action: String, _ outcome: String, _ s: GmemState) -> [String] {
      var cells = [n, action, outcome] + model.subpageIndices.map { p -> String in
        let page = s[subpage: p]
        return page.word + (page.life != .present && page.attr == .shared ? " (shared)" : "")
      }
      if c.backing == .huge { cells += (0..<c.folios).map { s.layout(ofFolio: $0).name } }
      cells.append(model.describeRequests(s).replacing("request ", with: "") + (s.closed ? ", closed" : ""))
      return cells
    }
    var rows = [row("0", "(start)", "", p.counterexample!.initial)]
    let (all, cycleStart) = steps(p)
    for (i, step) in all.enumerated() {
      let mark = cycleStart.map { i >= $0 } ?? false ? " ↺" : ""
      rows.append(row("\(i + 1)\(mark)", model.describe(step.label.action), model.describeOutcome(step.label), step.state))
    }
    let widths = header.indices.map { col in ([header] + rows).map { $0[col].count }.max()! }
    func line(_ cells: [String]) -> String {
      "| " + cells.enumerated().map { $0.1.padding(toLength: widths[$0.0], withPad: " ", startingAt: 0) }
        .joined(separator: " | ") + " |"
    }
    var out = ["Counterexample for \(p.name)" + (cycleStart.map { ": steps from \($0 + 1) on (↺) repeat for ever" } ?? "") + ":", ""]
    out.append(line(header))
    out.append("|" + widths.map { String(repeating: "-", count: $0 + 2) }.joined(separator: "|") + "|")
    out += rows.map(line)
    out.append("")
    out.append("violated: " + TextReport.why(p, p.counterexample!.final, run))
    return out.joined(separator: "\n")
  }
}
