import Explorer
import GmemModel

/// `--dot FILE`: the explored state graph in Graphviz DOT, for small
/// models, with the first counterexample drawn in red.
enum DotReport {
  /// Past this a drawing is a hairball, and dot takes minutes.
  static let maxStates = 2_000

  static let legend = "H hole, P private, S shared, M shared-mapped, N shared-pinned, L long-term-pinned, O orphan, F freed; lowercase: a hole, orphan or freed page whose attribute is shared"

  static func code(_ page: Subpage) -> String {
    let letter: String
    switch page.word {
    case "hole": letter = "H"
    case "private": letter = "P"
    case "shared": letter = "S"
    case "shared-mapped": letter = "M"
    case "shared-pinned": letter = "N"
    case "long-term-pinned": letter = "L"
    case "orphan": letter = "O"
    default: letter = "F"
    }
    return page.life != .present && page.attr == .shared ? letter.lowercased() : letter
  }

  static func label(_ s: GmemState, _ model: GuestMemfd) -> String {
    var parts = [model.subpageIndices.map { code(s[subpage: $0]) }.joined()]
    if model.config.backing == .huge {
      parts.append((0..<model.config.folios).map { s.layout(ofFolio: $0).name }.joined(separator: " "))
    }
    if s.anyRequestPending { parts.append(model.describeRequests(s)) }
    if s.closed { parts.append("closed") }
    return parts.joined(separator: "\\n")
  }

  static func render(_ run: CheckRun, graph: StateGraph<GmemState, Step>) -> String {
    let model = run.model
    let index = Dictionary(graph.states.enumerated().map { ($1, $0) }, uniquingKeysWith: { a, _ in a })
    var path: [Int] = []
    if let p = run.result.properties.first(where: { $0.counterexample != nil }) {
      let steps = p.counterexample!.steps + (p.cycle ?? [])
      path = [index[p.counterexample!.initial]!] + steps.map { index[$0.state]! }
    }
    let onPath = Set(zip(path, path.dropFirst()).map { "\($0)-\($1)" })
    var out = [
      "// gmemcheck \(run.configPath): \(graph.states.count) states",
      "// subpages: \(legend)",
      "digraph gmemcheck {",
      "  node [shape=box, fontname=\"monospace\", fontsize=10];",
      "  edge [fontname=\"monospace\", fontsize=8];",
    ]
    for (i, s) in graph.states.enumerated() {
      var attrs = "label=\"\(label(s, model))\""
      if i < graph.roots { attrs += ", peripheries=2" }
      if path.contains(i) { attrs += ", style=filled, fillcolor=\"#ffdddd\"" }
      out.append("  s\(i) [\(attrs)];")
    }
    for i in graph.states.indices {
      for (label, target) in graph.transitions(of: i) where target != i {
        var attrs = "label=\"\(model.describe(label.action)): \(model.describeOutcome(label))\""
        if onPath.contains("\(i)-\(target)") { attrs += ", color=red, penwidth=2" }
        out.append("  s\(i) -> s\(target) [\(attrs)];")
      }
    }
    out.append("}")
    return out.joined(separator: "\n") + "\n"
  }
}
