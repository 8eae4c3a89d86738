extension FrontierRun {
  /// Verdicts, with traces rebuilt from the links.
  func result() -> SearchResult<State, Label> {
    var results = search.properties.indices.map { p -> PropertyResult<State, Label> in
      if let v = firstViolation[p] {
        return .init(name: search.properties[p].name, verdict: .fail, counterexample: trace(to: v))
      }
      return .init(name: search.properties[p].name, verdict: passOrIncomplete, counterexample: nil)
    }
    if search.checkDeadlock {
      results.append(
        .init(
          name: FrontierSearch<System>.deadlockName,
          verdict: firstDeadlock != nil ? .fail : passOrIncomplete,
          counterexample: firstDeadlock.map { trace(to: $0) }))
    }
    var result = SearchResult<State, Label>(
      states: count, transitions: transitions, depth: deepest, completion: completion,
      properties: results, seconds: (clock.now - start).seconds, bytes: storedBytes)
    result.coverage = coverage
    result.queueBytes = peakQueueBytes
    if !search.exact {
      result.collisionProbability = SearchResult<State, Label>.collisionEstimate(states: count)
    }
    return result
  }

  var passOrIncomplete: Verdict { completion == .exhausted ? .pass : .incomplete }

  /// The path to stored state `index`, on unreduced states: from the
  /// initial state the links name, each step is the first transition (in
  /// successor order) whose target is equivalent to the next link's state.
  /// O(depth × transitions per state).
  func trace(to index: Int) -> Trace<State, Label> {
    var chain: [Int] = []
    var i = index
    while parents[i] != Self.root {
      chain.append(i)
      i = Int(parents[i])
    }
    let start = initial[ordinal(i)]
    var concrete = start
    var stored = canonical(start)
    var steps: [Trace<State, Label>.Step] = []
    for link in chain.reversed() {
      let target = canonical(successor(ordinal(link), of: stored))
      var step: Trace<State, Label>.Step? = nil
      search.system.forEachSuccessor(of: concrete) { label, next in
        if step == nil, canonical(next) == target { step = .init(label: label, state: next) }
      }
      // A successor equivalent to the target exists when the system is
      // symmetric, as `canonical` promises.
      guard let step else { preconditionFailure("canonical form is not a symmetry of the system") }
      steps.append(step)
      concrete = step.state
      stored = target
    }
    return Trace(initial: start, steps: steps)
  }

  /// The target of `state`'s transition number `k`, self-loops counted.
  func successor(_ k: Int, of state: State) -> State {
    var n = 0
    var found: State? = nil
    search.system.forEachSuccessor(of: state) { _, next in
      if n == k { found = next }
      n += 1
    }
    return found!
  }
}
