import Explorer
import GmemModel
import Invariants

/// The plain-text report: fits 80 columns and pastes into an email.
enum TextReport {
  /// Coverage is shown when the run counted it (`--coverage`).
  static func render(_ run: CheckRun) -> String {
    var out: [String] = []
    let c = run.model.config
    let r = run.result
    out.append("gmemcheck \(Help.version): \(run.configPath)")
    out += modelLines(c)
    var search = "search: \(grouped(r.states)) states, \(grouped(r.transitions)) transitions,"
    search += " depth \(r.depth)"
    out.append(search)
    out += engineLines(run)
    if let stop = run.stopLine { out.append("        " + stop) }
    if let hint = run.memoryHint { out += wrap("        hint: " + hint, indent: "          ") }
    out.append("")
    for p in r.properties {
      var line = verdictWord(p.verdict) + "  " + p.name
      if let trace = p.counterexample {
        line = line.padding(toLength: 32, withPad: " ", startingAt: 0)
        if let cycle = p.cycle {
          line += "lasso: \(trace.steps.count)-step prefix, \(cycle.count)-step cycle"
        } else {
          line += "shortest counterexample: \(trace.steps.count) steps"
        }
      }
      out.append(line)
    }
    if let c = r.coverage { out += coverageLines(c, run) }
    for p in r.properties {
      guard p.counterexample != nil else { continue }
      out.append("")
      out += counterexample(p, in: run)
    }
    out.append("")
    out.append(resultLine(run))
    return out.joined(separator: "\n")
  }

  /// How the search ran: reduction and storage, then the one line that
  /// changes from run to run (time, speed, memory: tests filter it out by
  /// its "states/s").
  static func engineLines(_ run: CheckRun) -> [String] {
    let r = run.result
    var out: [String] = []
    var timing = String(format: "        %.2f s, %@ states/s", r.seconds, grouped(Int(r.statesPerSecond)))
    switch run.engine {
    case .graph(let symmetry, let exact, let threads, let reason):
      if symmetry {
        out.append("        symmetry-reduced (subpages in a folio, folios), every transition kept")
      } else if reason.hasPrefix("--dot") {
        out.append("        no symmetry reduction: \(reason)")
      } else {
        out.append("        no symmetry reduction, every transition kept")
      }
      out.append("        \(exact ? "exact states" : "64-bit fingerprints")")
      if let p = r.collisionProbability {
        out.append("        chance a fingerprint collision hid a state: " + String(format: "%.1E", p))
      }
      timing += ", \(threadCount(threads)), graph \(megabytes(r.bytes))"
    case .frontier(let symmetry, let exact, let threads):
      let what = run.model.config.vcpus > 1 ? "subpages in a folio, folios, vCPUs" : "subpages in a folio, folios"
      let reduction = symmetry ? "symmetry-reduced (\(what))" : "no symmetry reduction"
      out.append("        \(reduction), \(exact ? "exact states" : "64-bit fingerprints")")
      if let p = r.collisionProbability {
        out.append("        chance a fingerprint collision hid a state: " + String(format: "%.1E", p))
      }
      let perState = r.states > 0 ? Double(r.bytes) / Double(r.states) : 0
      timing += String(format: ", %@, %.1f bytes/state", threadCount(threads), perState)
    }
    return out + [timing + peakResidentSuffix()]
  }

  static func threadCount(_ n: Int) -> String { n == 1 ? "1 thread" : "\(n) threads" }

  /// TLC-style coverage: per action, transitions taken and new states.
  static func coverageLines(_ c: Coverage, _ run: CheckRun) -> [String] {
    var out = ["", "coverage (fired: transitions taken, self-loops included; new: new states)"]
    out.append("  action              fired          new")
    for i in c.names.indices {
      out.append(
        "  " + c.names[i].padding(toLength: 14, withPad: " ", startingAt: 0)
          + grouped(c.fired[i]).leftPadded(to: 11) + grouped(c.newStates[i]).leftPadded(to: 13))
    }
    let (unexplained, fired) = run.coverageSurprises
    for name in unexplained {
      out += wrap(
        "  warning: \(name) never fired: a guard that is never true, or a model that never"
          + " gets there (say why in 'unfired' if it is meant)", indent: "    ")
    }
    for name in fired {
      out += wrap("  warning: \(name) is listed in 'unfired' but fired", indent: "    ")
    }
    for (name, why) in run.model.config.unfired.sorted(by: { $0.key < $1.key }) where !fired.contains(name) {
      out += wrap("  \(name) never fires here: \(why)", indent: "    ")
    }
    return out
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
    let keys = [
      "split", "longTermPins", "refcount", "migration", "trackData", "conversionContent",
      "transientRefs", "partialPunch", "vcpus", "fairness", "assume",
    ]
    return keys.compactMap { name in
      let key = ConfigKey.named(name)!
      let value = key.value(in: c)
      return value == key.value(in: defaults) ? nil : "\(name) \(value)"
    }
  }

  /// Numbered steps: actor, action, outcome, then what changed.
  /// Numbered steps: actor, action, outcome, then what changed; a lasso's
  /// cycle follows its prefix, marked, and repeats for ever.
  static func counterexample(_ p: PropertyResult<GmemState, Step>, in run: CheckRun) -> [String] {
    let model = run.model
    let trace = p.counterexample!
    var out: [String]
    if let cycle = p.cycle {
      out = ["Counterexample for \(p.name) (lasso: \(trace.steps.count)-step prefix, \(cycle.count)-step cycle):"]
    } else {
      out = ["Counterexample for \(p.name) (\(trace.steps.count) steps):"]
    }
    let start = model.describe(trace.initial)
    for (i, line) in start.enumerated() {
      out += wrap((i == 0 ? "  start  " : "         ") + line, indent: "           ")
    }
    out += steps(trace.steps, from: trace.initial, numberedFrom: 1, in: model)
    if let cycle = p.cycle {
      if cycle.isEmpty {
        out.append("  -- and stays there for ever: no fair action is left to take --")
      } else {
        let first = trace.steps.count + 1
        let which = cycle.count == 1 ? "step \(first) repeats" : "steps \(first)-\(first + cycle.count - 1) repeat"
        out.append("  -- cycle: from here, \(which) for ever --")
        out += steps(cycle, from: trace.final, numberedFrom: trace.steps.count + 1, in: model)
      }
    }
    out += wrap("  violated: " + why(p, trace.final, run), indent: "    ")
    if p.cycle.map({ !$0.isEmpty }) ?? false {
      let fair = run.model.config.fairness.map(\.name).joined(separator: ", ")
      out += wrap(
        "  fair: every weakly fair action (\(fair.isEmpty ? "none" : fair)) is disabled somewhere"
          + " on the cycle or taken on it", indent: "    ")
    }
    return out
  }

  static func steps(
    _ steps: [Trace<GmemState, Step>.Step], from start: GmemState, numberedFrom first: Int,
    in model: GuestMemfd
  ) -> [String] {
    var out: [String] = []
    var before = start
    for (n, step) in steps.enumerated() {
      let number = String(first + n).leftPadded(to: 4) + ". "
      let actor = step.label.action.kind.actor.rawValue.padding(toLength: 11, withPad: " ", startingAt: 0)
      let action = model.describe(step.label.action).padding(toLength: 30, withPad: " ", startingAt: 0)
      out.append(number + actor + action + " " + model.describeOutcome(step.label))
      for change in model.changes(from: before, to: step.state) {
        out += arrowWrap("         " + change)
      }
      before = step.state
    }
    return out
  }

  /// The violation in words.
  static func why(_ p: PropertyResult<GmemState, Step>, _ final: GmemState, _ run: CheckRun) -> String {
    if let invariant = Invariant.named(p.name) {
      return invariant.violation(run.model, final) ?? "(the property holds here: a bug)"
    }
    if let liveness = LivenessProperty.named(p.name) {
      return liveness.explain(run.model, final)
    }
    return "no action is enabled, and the file is not closed with every folio back in the pool"
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
    case .incomplete: return "result: INCOMPLETE (\(run.incompleteReason); no violation found so far)"
    }
  }
}


