/// A `gmemcheck check --format json` output as scenarios, read strictly:
/// every field a step has is required and type-checked, nothing is filled
/// in, and each recorded state is kept for replay to compare with the
/// model's (docs/scenarios.md, "Round trip").
extension Scenario {
  /// The counterexamples of `text`, one scenario each, replaying to their
  /// violations. `source` names the file. O(size of the text).
  public static func fromCheckJSON(_ text: String, source: String) throws(ScenarioError) -> [Scenario] {
    let root: JSON5Node
    do {
      root = try JSON5Parser.parse(text)
    } catch {
      throw ScenarioError(source, error.position, "malformed JSON: \(error.message)")
    }
    let r = JSONTraceReader(source: source)
    let top = try r.object(root, "the file", allowingOthers: true)
    let modelNode = try r.field(top, "model", in: root, "the file")
    let config: ModelConfig
    do {
      config = try ModelConfig.read(modelNode, source: source)
      try config.validate(source: source)
    } catch {
      throw ScenarioError(source, modelNode.position, "model: \(error.message)")
    }
    let traces = try r.array(try r.field(top, "counterexamples", in: root, "the file"), "counterexamples")
    guard !traces.isEmpty else {
      throw ScenarioError(source, root.position, "counterexamples: none (did the check pass?)")
    }
    var scenarios: [Scenario] = []
    for (i, node) in traces.enumerated() {
      scenarios.append(try r.counterexample(node, "counterexamples[\(i)]", config: config))
    }
    return scenarios
  }
}

/// Reads one JSON trace's parts, each error naming the JSON path.
struct JSONTraceReader {
  let source: String

  func fail(_ node: JSON5Node, _ path: String, _ message: String) -> ScenarioError {
    ScenarioError(source, node.position, "\(path): \(message)")
  }

  /// An object's members by key; unknown keys are an error unless allowed.
  func object(_ node: JSON5Node, _ path: String, allowing keys: [String]? = nil, allowingOthers: Bool = false)
    throws(ScenarioError) -> [String: JSON5Node]
  {
    guard case .object(let members) = node.value else {
      throw fail(node, path, "must be an object, found \(node.value.typeName)")
    }
    var result: [String: JSON5Node] = [:]
    for m in members {
      if result[m.key] != nil { throw fail(m.value, "\(path).\(m.key)", "appears twice") }
      if !allowingOthers, let keys, !keys.contains(m.key) {
        throw fail(m.value, "\(path).\(m.key)", "is not a field of this step (fields: \(keys.joined(separator: ", ")))")
      }
      result[m.key] = m.value
    }
    return result
  }

  func field(_ members: [String: JSON5Node], _ key: String, in node: JSON5Node, _ path: String)
    throws(ScenarioError) -> JSON5Node
  {
    guard let value = members[key] else { throw fail(node, path, "has no \"\(key)\"") }
    return value
  }

  func array(_ node: JSON5Node, _ path: String) throws(ScenarioError) -> [JSON5Node] {
    guard case .array(let items) = node.value else { throw fail(node, path, "must be an array, found \(node.value.typeName)") }
    return items
  }

  func string(_ node: JSON5Node, _ path: String, of allowed: [String]? = nil) throws(ScenarioError) -> String {
    guard case .string(let s) = node.value else { throw fail(node, path, "must be a string, found \(node.value.typeName)") }
    if let allowed, !allowed.contains(s) {
      throw fail(node, path, "must be one of \(allowed.joined(separator: ", ")); found '\(s)'")
    }
    return s
  }

  func integer(_ node: JSON5Node, _ path: String, in range: ClosedRange<Int>) throws(ScenarioError) -> Int {
    guard case .integer(let i) = node.value else { throw fail(node, path, "must be an integer, found \(node.value.typeName)") }
    guard range.contains(i) else { throw fail(node, path, "must be from \(range.lowerBound) to \(range.upperBound), found \(i)") }
    return i
  }

  func counterexample(_ node: JSON5Node, _ path: String, config: ModelConfig) throws(ScenarioError) -> Scenario {
    let members = try object(node, path, allowingOthers: true)
    let property = try string(try field(members, "property", in: node, path), "\(path).property")
    let stepsNode = try field(members, "steps", in: node, path)
    let steps = try array(stepsNode, "\(path).steps")
    guard !steps.isEmpty else { throw fail(stepsNode, "\(path).steps", "a counterexample has at least one step") }
    let initial = try field(members, "initial", in: node, path)
    _ = try object(initial, "\(path).initial", allowingOthers: true)
    let violatedNode = try field(members, "violated", in: node, path)
    let violated = try array(violatedNode, "\(path).violated").enumerated().map { (k, n) throws(ScenarioError) in
      try string(n, "\(path).violated[\(k)]")
    }
    let kind = try string(try field(members, "kind", in: node, path), "\(path).kind", of: ["safety", "liveness", "deadlock"])
    var s = Scenario(source: "\(source) (\(property))")
    s.file = source
    s.model = config
    s.propertyChecks = kind == "safety" ? .lastStep : .never
    s.initial = Scenario.Recorded(state: initial.plain, path: "\(path).initial")
    for (j, stepNode) in steps.enumerated() {
      s.items.append(.step(try step(stepNode, "\(path).steps[\(j)]", config: config)))
    }
    let end = steps.last!.position
    // A safety counterexample names every property its last state
    // violates; a lasso or a deadlock replays and expects none.
    for name in violated { s.items.append(.expect(.violated(name), end)) }
    return s
  }

  func step(_ node: JSON5Node, _ path: String, config: ModelConfig) throws(ScenarioError) -> Scenario.Step {
    let m0 = try object(node, path, allowingOthers: true)
    let name = try string(try field(m0, "action", in: node, path), "\(path).action", of: ActionKind.allCases.map(\.name))
    let kind = ActionKind.allCases.first { $0.name == name }!
    let operandKeys: [String]
    switch kind {
    case .guestRequest: operandKeys = ["first", "last", "to", "vcpu"]
    case .convert: operandKeys = ["first", "last", "to", "vcpu", "errorOffset"]
    case .abandon: operandKeys = ["vcpu"]
    case .punchHole: operandKeys = ["first", "last"]
    case .merge: operandKeys = ["folio"]
    case .close: operandKeys = []
    default: operandKeys = ["subpage"]
    }
    let keys = ["actor", "action", "text"] + operandKeys + ["outcome", "state"]
    let m = try object(node, path, allowing: keys)
    func required(_ key: String) throws(ScenarioError) -> JSON5Node { try field(m, key, in: node, path) }
    _ = try string(try required("actor"), "\(path).actor", of: [kind.actor.rawValue])
    _ = try string(try required("text"), "\(path).text")
    let outcomeName = try string(try required("outcome"), "\(path).outcome", of: Outcome.allCases.map(\.name))
    let outcome = Outcome.allCases.first { $0.name == outcomeName }!
    let lastSubpage = config.totalSubpages - 1
    var operands: [(Scenario.Operand, SourcePosition)] = []
    var offset: Int? = nil
    for key in operandKeys {
      let value = try required(key)
      let at = "\(path).\(key)"
      switch key {
      case "first", "last", "subpage":
        let p = try integer(value, at, in: 0...lastSubpage)
        if key == "last", case .span(let first, _)? = operands.last?.0 {
          guard first <= p else { throw fail(value, at, "is before first (\(first))") }
          operands[operands.count - 1].0 = .span(first, p)
        } else {
          operands.append((key == "first" ? .span(p, p) : .subpage(p), value.position))
        }
      case "folio": operands.append((.folio(try integer(value, at, in: 0...config.folios - 1)), value.position))
      case "to":
        let to = try string(value, at, of: Attr.allCases.map(\.name))
        operands.append((.attr(to == "shared" ? .shared : .private), value.position))
      case "vcpu": operands.append((.vcpu(try integer(value, at, in: 0...config.vcpus - 1)), value.position))
      default:
        if case .null = value.value { break }
        offset = try integer(value, at, in: 0...lastSubpage)
        guard outcome == .eagain else { throw fail(value, at, "only an EAGAIN has an error offset") }
      }
    }
    let state = try required("state")
    _ = try object(state, "\(path).state", allowingOthers: true)
    return Scenario.Step(
      actor: kind.actor, kind: kind, operands: operands, expected: .outcome(outcome, at: offset),
      position: node.position, recorded: Scenario.Recorded(state: state.plain, path: "\(path).state"))
  }
}
