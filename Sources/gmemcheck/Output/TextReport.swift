import Explorer
import GmemModel
import Invariants

/// The plain-text report: fits 80 columns and pastes into an email.
enum TextReport {
  static func render(_ run: CheckRun) -> String {
    var out: [String] = []
    let c = run.model.config
    let r = run.result
    out.append("gmemcheck \(Help.version): \(run.configPath)")
    out += modelLines(c)
    var search = "search: \(grouped(r.states)) states, \(grouped(r.transitions)) transitions,"
    search += " depth \(r.depth)"
    out.append(search)
    var timing = String(format: "        %.2f s, %@ states/s", r.seconds, grouped(Int(r.statesPerSecond)))
    timing += ", visited set \(megabytes(r.bytes))"
    if let peak = peakResidentBytes() { timing += ", peak RSS \(megabytes(peak))" }
    out.append(timing)
    switch r.completion {
    case .exhausted: break
    case .stateLimit:
      out.append("        stopped by --max-states \(grouped(run.limits.maxStates)): not every state was seen")
    case .depthLimit:
      out.append("        stopped by --max-depth \(run.limits.maxDepth!): states lie deeper")
    }
    out.append("")
    for p in r.properties {
      var line = verdictWord(p.verdict) + "  " + p.name
      if let trace = p.counterexample {
        line = line.padding(toLength: 32, withPad: " ", startingAt: 0)
        line += "shortest counterexample: \(trace.steps.count) steps"
      }
      out.append(line)
    }
    for p in r.properties {
      guard let trace = p.counterexample else { continue }
      let invariant = run.invariants.first { $0.name == p.name }!
      out.append("")
      out += counterexample(trace, of: invariant, in: run.model)
    }
    out.append("")
    out.append(resultLine(run))
    return out.joined(separator: "\n")
  }

  static func verdictWord(_ v: Verdict) -> String {
    switch v {
    case .pass: "pass"
    case .fail: "FAIL"
    case .incomplete: "????"
    }
  }

  static func modelLines(_ c: ModelConfig) -> [String] {
    let backing = c.backing == .huge ? "huge folios" : "4K (base) folios"
    var lines = [
      "model: \(c.folios) x \(c.subpages) subpages, \(backing),"
        + " \(c.initShared ? "shared" : "private") at start",
      "       bounds: \(c.maxMappers) PTE, \(c.maxShortPins) pin,"
        + " \(c.maxLongPins) long-term pin per subpage",
    ]
    let design = designChoices(c)
    if !design.isEmpty {
      lines += wrap("       design: " + design.joined(separator: ", "), indent: "         ")
    }
    if !c.mutants.isEmpty {
      lines += wrap(
        "       mutants: " + c.mutants.map(\.rawValue).joined(separator: ", "), indent: "         ")
    }
    return lines
  }

  /// The design keys that differ from the default design, as "key value".
  static func designChoices(_ c: ModelConfig) -> [String] {
    let defaults = ModelConfig()
    let keys = ["split", "longTermPins", "refcount", "migration", "trackData", "conversionContent"]
    return keys.compactMap { name in
      let key = ConfigKey.named(name)!
      let value = key.value(in: c)
      return value == key.value(in: defaults) ? nil : "\(name) \(value)"
    }
  }

  /// Numbered steps: actor, action, outcome, then what changed.
  static func counterexample(
    _ trace: Trace<GmemState, Step>, of invariant: Invariant, in model: GuestMemfd
  ) -> [String] {
    var out = ["Counterexample for \(invariant.name) (\(trace.steps.count) steps):"]
    let start = model.describe(trace.initial)
    for (i, line) in start.enumerated() {
      out += wrap((i == 0 ? "  start  " : "         ") + line, indent: "           ")
    }
    var before = trace.initial
    for (n, step) in trace.steps.enumerated() {
      let number = String(n + 1).leftPadded(to: 4) + ". "
      let actor = step.label.action.kind.actor.rawValue.padding(toLength: 11, withPad: " ", startingAt: 0)
      let action = model.describe(step.label.action).padding(toLength: 30, withPad: " ", startingAt: 0)
      out.append(number + actor + action + " " + step.label.outcome.name)
      for change in model.changes(from: before, to: step.state) {
        out += arrowWrap("         " + change)
      }
      before = step.state
    }
    let why = invariant.violation(model, trace.final) ?? "(the property holds here: a bug)"
    out += wrap("  violated: " + why, indent: "    ")
    return out
  }

  /// A change line too long for 80 columns breaks before its arrow, and
  /// each half that is still too long breaks after its commas.
  static func arrowWrap(_ line: String) -> [String] {
    guard line.count > 80, let arrow = line.range(of: " -> ") else { return [line] }
    let before = String(line[..<arrow.lowerBound])
    let after = "           -> " + line[arrow.upperBound...]
    return hardWrap(before, indent: "             ") + hardWrap(after, indent: "              ")
  }

  static func resultLine(_ run: CheckRun) -> String {
    let r = run.result
    let failed = r.properties.filter { $0.verdict == .fail }.count
    switch r.verdict {
    case .pass: return "result: pass (\(r.properties.count) properties hold in every reachable state)"
    case .fail: return "result: FAIL (\(failed) of \(r.properties.count) properties violated)"
    case .incomplete: return "result: INCOMPLETE (a bound stopped the search; no violation found so far)"
    }
  }
}

extension String {
  func leftPadded(to width: Int) -> String {
    count >= width ? self : String(repeating: " ", count: width - count) + self
  }
}
