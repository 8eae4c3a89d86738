import Explorer
import GmemModel
import Invariants

/// One JSON object on stdout, keys in a fixed order.
enum JSONReport {
  static func render(_ run: CheckRun) -> String {
    let r = run.result
    let model = run.model
    let c = model.config
    let properties: [JSONValue] = r.properties.map { p in
      var members: [(String, JSONValue)] = [("name", .string(p.name)), ("verdict", .string(p.verdict.rawValue))]
      if let t = p.counterexample { members.append(("length", .int(t.steps.count))) }
      if let c = p.cycle { members.append(("cycleLength", .int(c.count))) }
      return .object(members)
    }
    let counterexamples: [JSONValue] = r.properties.compactMap { p in
      guard let trace = p.counterexample else { return nil }
      let steps = trace.steps + (p.cycle ?? [])
      let kind =
        Invariant.named(p.name) != nil
        ? "safety" : LivenessProperty.named(p.name) != nil ? "liveness" : "deadlock"
      let violated = kind == "safety" ? run.violated(in: trace.final) : []
      return .object([
        ("property", .string(p.name)), ("kind", .string(kind)),
        ("violation", .string(TextReport.why(p, trace.final, run))),
        ("length", .int(trace.steps.count)),
        ("cycleStart", p.cycle == nil ? .null : .int(trace.steps.count)),
        ("cycleLength", p.cycle.map { .int($0.count) } ?? .null),
        ("violated", .array(violated.map { .string($0) })),
        ("initial", model.json(trace.initial)),
        ("steps", .array(steps.map { model.json($0.label, after: $0.state) })),
      ])
    }
    var members: [(String, JSONValue)] = [
      ("tool", .string("gmemcheck")), ("version", .string(Help.version)),
      ("config", .string(run.configPath)), ("model", c.json),
      ("result", .string(r.verdict.rawValue)), ("states", .int(r.states)),
      ("transitions", .int(r.transitions)), ("depth", .int(r.depth)),
      ("completion", .string(run.completionName)), ("seconds", .double(r.seconds)),
      ("statesPerSecond", .double(r.statesPerSecond.rounded())), ("bytes", .int(r.bytes)),
    ]
    switch run.engine {
    case .graph(let symmetry, let exact, _, _):
      members += [
        ("engine", .string("graph")), ("symmetry", .bool(symmetry)),
        ("storage", .string(exact ? "exact" : "fingerprints")),
      ]
    case .frontier(let symmetry, let exact, _):
      members += [
        ("engine", .string("frontier")), ("symmetry", .bool(symmetry)),
        ("storage", .string(exact ? "exact" : "fingerprints")),
      ]
    }
    members += [
      ("collisionProbability", r.collisionProbability.map { .double($0) } ?? .null),
      ("properties", .array(properties)),
    ]
    if let hint = run.memoryHint { members.append(("hint", .string(hint))) }
    if let first = counterexamples.first { members.append(("counterexample", first)) }
    members.append(("counterexamples", .array(counterexamples)))
    if let c = r.coverage {
      let rows: [JSONValue] = c.names.indices.map {
        .object([("action", .string(c.names[$0])), ("fired", .int(c.fired[$0])), ("newStates", .int(c.newStates[$0]))])
      }
      members.append(("coverage", .array(rows)))
      members.append(("neverFired", .array(run.coverageSurprises.unexplained.map { .string($0) })))
    }
    return JSONValue.object(members).rendered()
  }
}
