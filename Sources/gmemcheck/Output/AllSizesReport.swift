import Explorer
import Foundation
import GmemModel
import Invariants

/// What `check --all-sizes` prints: what was proven for every N, and a
/// concrete counterexample, as `check` prints one, for each failure.
enum AllSizesReport {
  static func text(
    _ r: AllSizesResult, path: String, selection: Selection, limits: SearchLimits, engine: EngineOptions
  ) -> String {
    let c = r.config
    var out = ["gmemcheck \(Help.version): \(path), every folio size"]
    var model = TextReport.modelLines(c)
    model[0] = model[0].replacingOccurrences(of: "x \(c.subpages) subpages", with: "x N subpages, every N >= 1")
    out += model
    let single = r.single.result
    out += wrap(
      "N = 1: \(grouped(single.states)) states, "
        + (stoppedBy(single.completion, limits).map { $0 + ": not every state was seen" } ?? "checked exhaustively"),
      indent: "       ")
    for run in r.views { out += viewsLines(run, limits) }
    if r.viewsSkipped {
      out.append("N >= 2: no views of two subpages: they model one folio, this design has")
      out.append("        \(c.folios); the searches below decide every property")
    }
    for run in r.abstract { out += runLines(run, r, limits) }
    if !r.abstract.isEmpty {
      out.append("        each local state of a subpage held by none or by one or more")
      let reduction = r.vcpuSymmetry ? "vCPUs interchangeable (symmetry)" : "no symmetry reduction"
      out.append("        \(engine.exact ? "exact states" : "64-bit fingerprints"), \(reduction)")
    }
    let chances = r.abstract.compactMap(\.result.collisionProbability)
    if !chances.isEmpty {
      out.append("        chance a fingerprint collision hid a state: " + String(format: "%.1E", chances.reduce(0, +)))
    }
    let timing = String(format: "        %.2f s in all, %@", r.abstractSeconds, TextReport.threadCount(engine.threads))
    out.append(timing + peakResidentSuffix())
    if r.overflowed {
      out.append("        a representative needed more than \(WideState.capacity) subpages, or the")
      out.append("        states more than \(KeyTable.capacity) (folio, local state) pairs: not a proof")
    }
    for check in r.concrete {
      let stop = stoppedBy(check.result.completion, limits).map { ", " + $0 } ?? ""
      out += wrap(
        "N = \(check.model.config.subpages): \(grouped(check.result.states)) states, concrete check of an"
          + " abstract violation" + stop, indent: "       ")
    }
    out.append("")
    for (inv, v) in zip(selection.invariants, r.verdicts) {
      let name = inv.name.padding(toLength: 26, withPad: " ", startingAt: 0)
      switch v {
      case .proven: out.append("pass  \(name)holds for every folio size")
      case .fails(let n): out.append("FAIL  \(name)fails at N = \(n) (smallest N)")
      case .unknown(let n): out.append("????  \(name)abstract violation, no N <= \(n) realises it")
      case .incomplete: out.append("????  \(name)not decided: a search was stopped")
      case .notDecided: out.append("????  \(name)not decided")
      }
    }
    let skipped = ([PropertyNames.deadlock] + LivenessProperty.all.map(\.name)).joined(separator: ", ")
    out += wrap("not checked: \(skipped) (an over-approximation can hide a stuck state)", indent: "    ")
    for (i, v) in r.verdicts.enumerated() {
      let inv = selection.invariants[i]
      if case .fails = v, let check = r.check(for: v), let run = concreteRun(check, path, limits),
        let p = run.result.properties.first(where: { $0.name == inv.name })
      {
        out.append("")
        out.append("At N = \(check.model.config.subpages):")
        out += TextReport.counterexample(p, in: run)
      } else if case .unknown = v, let found = r.abstractTraces[i] {
        out.append("")
        out += abstractTrace(inv, found.trace, found.abstraction)
      }
    }
    out.append("")
    out.append(resultLine(r))
    return out.joined(separator: "\n")
  }

  /// One abstract search: its size, what it searched, how it ended.
  static func runLines(_ run: AbstractRun, _ r: AllSizesResult, _ limits: SearchLimits) -> [String] {
    let a = run.result
    var out = wrap(
      "N >= 2: \(grouped(a.states)) abstract states, \(grouped(a.transitions)) transitions, depth \(a.depth), "
        + String(format: "%.1f s", a.seconds), indent: "        ")
    let names = run.invariants.map(\.name).joined(separator: ", ")
    if run.induction {
      out += wrap("        without content, NoSilentDataLoss by induction: from each state, with every subpage's"
        + " content as its ghost says, every step keeps it so", indent: "        ")
    } else if run.abstraction.config.trackData != r.config.trackData {
      out += wrap("        without content (a ghost: no step reads it), for " + names, indent: "        ")
    } else if r.abstract.count > 1 && run.invariants.count < r.verdicts.count {
      out += wrap("        " + (r.config.trackData ? "with content, for " : "for ") + names, indent: "        ")
    }
    if a.properties.contains(where: { $0.verdict == .fail }) {
      out.append(
        run.induction
          ? "        the induction fails (a step can part content from its ghost)"
          : "        stopped at an abstract violation")
    } else if let stop = stoppedBy(a.completion, limits), !run.abstraction.overflow.isSet {
      out += wrap("        " + stop + ": not every state was seen, not a proof", indent: "        ")
    }
    return out
  }

  /// One computation of the views of two subpages: its size, how it
  /// ended, what it proved.
  static func viewsLines(_ v: ViewsRun, _ limits: SearchLimits) -> [String] {
    let r = v.result
    let pad = "        "
    var out = wrap(
      "N >= 2: views of two subpages, \(grouped(r.globals)) values of the globals, \(grouped(r.keys)) local"
        + " states, \(grouped(r.pairs)) pairs, \(grouped(r.parts)) parts of at most \(r.largestPart) subpages"
        + " (up to \(r.witnesses) witnesses), " + String(format: "%.1f s", r.seconds), indent: pad)
    let ended =
      switch r.completion {
      case .closed: "closed under the steps of every part"
      case .untracedTest: "a step tested a range views cannot follow: not a proof"
      case .overflow: "a representative did not fit: not a proof"
      case .maxParts: "stopped by --max-states \(grouped(limits.maxStates)): not every part was seen, not a proof"
      case .memoryLimit:
        "stopped by --max-memory \(mebibytes(limits.maxBytes ?? 0)): not every part was seen, not a proof"
      case .violated: "stopped after a round with a failing part: nothing more to prove"
      case .interrupted: "interrupted: not every part was seen, not a proof"
      }
    out += wrap(pad + ended, indent: pad)
    if v.induction {
      out.append(pad + "without content (a ghost), NoSilentDataLoss by induction: every step")
      out.append(pad + "of every part keeps each subpage's content as its ghost says")
    }
    if !v.proven.isEmpty { out += wrap(pad + "proves " + v.proven.map(\.name).joined(separator: ", "), indent: pad) }
    let failed = v.invariants.enumerated().filter { r.violated >> UInt64($0.offset) & 1 != 0 }.map(\.element.name)
    if !failed.isEmpty {
      out += wrap(pad + "fails on a part (no counterexample; searched below): " + failed.joined(separator: ", "), indent: pad)
    }
    return out
  }

  /// The abstract counterexample in words: each step, then the state.
  static func abstractTrace(
    _ inv: Invariant, _ t: Trace<AbstractState, AbstractStep>, _ abs: AbstractFolios
  ) -> [String] {
    var out = ["Abstract counterexample for \(inv.name) (\(t.steps.count) steps), maybe spurious:"]
    out += abs.describe(t.initial).map { "  start  " + $0 }
    for (i, s) in t.steps.enumerated() {
      out += wrap("  \(String(i + 1).leftPadded(to: 3)). " + abs.describe(s.label), indent: "        ")
    }
    out += abs.describe(t.final).map { "  end    " + $0 }
    out += wrap("  violated: " + (inv.violation(in: t.final, of: abs) ?? "?"), indent: "    ")
    return out
  }

  /// The concrete check as `check` reports it.
  static func concreteRun(_ c: ConcreteCheck, _ path: String, _ limits: SearchLimits) -> CheckRun? {
    let selection = Selection(invariants: c.invariants, liveness: [], deadlock: false)
    return CheckRun(
      configPath: path, model: c.model, selection: selection, limits: limits,
      engine: .frontier(symmetry: true, exact: false, threads: 1), result: c.result)
  }

  static func resultLine(_ r: AllSizesResult) -> String {
    let failed = r.verdicts.filter { if case .fails = $0 { true } else { false } }.count
    switch AllSizesCommand.exitStatus(r) {
    case .violation: return "result: FAIL (\(failed) of \(r.verdicts.count) properties violated)"
    case .unknown: return "result: UNKNOWN (an abstract violation no concrete N realised: maybe spurious)"
    case .incomplete:
      let proven = r.verdicts.filter { $0 == .proven }.count
      let what = proven == 0 ? "nothing proven" : "\(proven) of \(r.verdicts.count) properties proven"
      return "result: INCOMPLETE (\(stopReason(r)); \(what))"
    default: return "result: pass (\(r.verdicts.count) safety properties hold for every folio size)"
    }
  }

  /// Why an every-size check is incomplete: the first search a bound or
  /// an interrupt stopped, else a representative that did not fit.
  static func stopReason(_ r: AllSizesResult) -> String {
    if let stopped = r.firstStop { return whyIncomplete(stopped) }
    return r.overflowed ? "a representative did not fit" : "a search was stopped"
  }

  static func json(_ r: AllSizesResult, path: String, selection: Selection) -> String {
    let verdicts: [JSONValue] = zip(selection.invariants.map(\.name), r.verdicts).map { name, v in
      switch v {
      case .proven: .object([("name", .string(name)), ("verdict", .string("pass")), ("everyN", .bool(true))])
      case .fails(let n): .object([("name", .string(name)), ("verdict", .string("fail")), ("subpages", .int(n))])
      case .unknown(let n):
        .object([("name", .string(name)), ("verdict", .string("unknown")), ("triedUpTo", .int(n))])
      case .incomplete: .object([("name", .string(name)), ("verdict", .string("incomplete"))])
      case .notDecided: .object([("name", .string(name)), ("verdict", .string("notDecided"))])
      }
    }
    let result: String
    switch AllSizesCommand.exitStatus(r) {
    case .violation: result = "fail"
    case .unknown: result = "unknown"
    case .incomplete: result = "incomplete"
    default: result = "pass"
    }
    var fields: [(String, JSONValue)] = [
      ("tool", .string("gmemcheck")), ("version", .string(Help.version)), ("config", .string(path)),
      ("allSizes", .bool(true)), ("result", .string(result)),
      ("completion", .string(jsonName(r.firstStop ?? .exhausted))),
      ("abstractStates", .int(r.abstractStates)), ("abstractTransitions", .int(r.abstractTransitions)),
      ("seconds", .double(r.abstractSeconds)), ("properties", .array(verdicts)),
    ]
    if !r.views.isEmpty { fields.append(("views", .array(r.views.map(viewsJSON)))) }
    if r.viewsSkipped { fields.append(("viewsSkipped", .string("more than one folio"))) }
    return JSONValue.object(fields).rendered()
  }

  /// A computation of the views of two subpages, as `viewsLines` says it.
  static func viewsJSON(_ v: ViewsRun) -> JSONValue {
    let r = v.result
    let completion =
      switch r.completion {
      case .closed: "closed"
      case .untracedTest: "untracedTest"
      case .overflow: "overflow"
      case .maxParts: "maxStates"
      case .memoryLimit: "maxMemory"
      case .violated: "violated"
      case .interrupted: "interrupted"
      }
    let failed = v.invariants.enumerated().filter { r.violated >> UInt64($0.offset) & 1 != 0 }
    return .object([
      ("completion", .string(completion)), ("globals", .int(r.globals)), ("localStates", .int(r.keys)),
      ("pairs", .int(r.pairs)), ("parts", .int(r.parts)), ("largestPart", .int(r.largestPart)),
      ("witnesses", .int(r.witnesses)), ("expansions", .int(r.expansions)), ("rounds", .int(r.rounds)),
      ("seconds", .double(r.seconds)), ("contentByInduction", .bool(v.induction)),
      ("proven", .array(v.proven.map { .string($0.name) })),
      ("failOnParts", .array(failed.map { .string($0.element.name) })),
    ])
  }
}
