/// Breadth-first exploration with an exact visited set.
///
/// Every new state is checked against every property not yet violated, so
/// the first violation recorded for a property is at the least depth, and
/// its trace (rebuilt from parent links) is a shortest counterexample. The
/// search goes on after a violation, to give every property a verdict.
/// Order is fixed by the system's successor order: same model, same counts,
/// same traces.
public struct BreadthFirstSearch<System: TransitionSystem> {
  public typealias State = System.State
  public typealias Label = System.Label

  public let system: System
  public let properties: [Property<State>]
  public let limits: SearchLimits

  public init(system: System, properties: [Property<State>], limits: SearchLimits = .init()) {
    self.system = system
    self.properties = properties
    self.limits = limits
  }

  /// Runs the search. O(states × successors per state) time; memory is
  /// the states, one 4-byte parent and one label per state, and the index.
  @inlinable
  public func run() -> SearchResult<State, Label> {
    let clock = ContinuousClock()
    let start = clock.now
    var table = StateTable<State>()
    // Parents and labels of the states after the initial ones.
    var parents: [UInt32] = []
    var labels: [Label] = []
    var firstViolation = [Int?](repeating: nil, count: properties.count)
    var open = properties.count

    func check(_ index: Int) {
      guard open > 0 else { return }
      let state = table.states[index]
      for p in properties.indices where firstViolation[p] == nil {
        if !properties[p].holds(state) {
          firstViolation[p] = index
          open -= 1
        }
      }
    }

    var completion = Completion.exhausted
    for state in system.initialStates() {
      if table.count >= limits.maxStates, table.find(state, fingerprint: state.fingerprint) == nil {
        completion = .stateLimit
        break
      }
      let (index, inserted) = table.insert(state, fingerprint: state.fingerprint)
      if inserted { check(index) }
    }
    let roots = table.count

    var transitions = 0
    var head = 0
    var depth = 0
    var levelEnd = roots
    var deepest = 0
    var cutByDepth = false
    while head < table.count, completion == .exhausted {
      if head == levelEnd {
        depth += 1
        levelEnd = table.count
      }
      let atDepthLimit = limits.maxDepth.map { depth >= $0 } ?? false
      let parent = UInt32(head)
      system.forEachSuccessor(of: table.states[head]) { label, next in
        guard completion == .exhausted else { return }
        transitions += 1
        let fingerprint = next.fingerprint
        if atDepthLimit || table.count >= limits.maxStates {
          if table.find(next, fingerprint: fingerprint) == nil {
            if atDepthLimit { cutByDepth = true } else { completion = .stateLimit }
          }
          return
        }
        let (index, inserted) = table.insert(next, fingerprint: fingerprint)
        if inserted {
          parents.append(parent)
          labels.append(label)
          deepest = depth + 1
          check(index)
        }
      }
      head += 1
    }
    if completion == .exhausted, cutByDepth { completion = .depthLimit }

    func trace(to index: Int) -> Trace<State, Label> {
      var steps: [Trace<State, Label>.Step] = []
      var i = index
      while i >= roots {
        steps.append(.init(label: labels[i - roots], state: table.states[i]))
        i = Int(parents[i - roots])
      }
      return Trace(initial: table.states[i], steps: steps.reversed())
    }

    let results = properties.indices.map { p -> PropertyResult<State, Label> in
      if let v = firstViolation[p] {
        return .init(name: properties[p].name, verdict: .fail, counterexample: trace(to: v))
      }
      let verdict: Verdict = completion == .exhausted ? .pass : .incomplete
      return .init(name: properties[p].name, verdict: verdict, counterexample: nil)
    }
    let elapsed = clock.now - start
    let seconds =
      Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
    let bytes =
      table.bytes + parents.capacity * MemoryLayout<UInt32>.stride
      + labels.capacity * MemoryLayout<Label>.stride
    return SearchResult(
      states: table.count, transitions: transitions, depth: deepest, completion: completion,
      properties: results, seconds: seconds, bytes: bytes)
  }
}
