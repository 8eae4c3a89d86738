/// Concrete paths from a symmetry-reduced graph: the graph stores one
/// state per orbit, and a path through it is lifted onto the model's own
/// states, each step the first transition (in successor order) of the
/// concrete state that leads into the next stored state's orbit. Traces
/// are then in the user's numbering and replay step by step.
struct Lifting<State: Fingerprinted, Label> {
  typealias Step = Trace<State, Label>.Step

  let graph: StateGraph<State, Label>
  let reduction: Reduction<State>
  let forEachSuccessor: (State, (Label, State) -> Void) -> Void
  /// The model's initial states, not reduced.
  let initial: [State]
  /// The number of a stored (canonical) state.
  let find: (State) -> Int?

  /// The stored state a concrete state stands for.
  func node(of s: State) -> Int? { find(reduction.canonical(s)) }

  /// The first transition of `s` into the orbit of `goal`, a stored
  /// (canonical) state.
  func step(from s: State, into goal: State) -> Step? {
    var found: Step? = nil
    forEachSuccessor(s) { label, next in
      if found == nil, reduction.canonical(next) == goal { found = Step(label: label, state: next) }
    }
    return found
  }

  /// The shortest path to stored state `i`, lifted from an initial state.
  func trace(to i: Int) -> Trace<State, Label> {
    let stored = graph.trace(to: i)
    let root = reduction.canonical(stored.initial)
    let start = initial.first { reduction.canonical($0) == root }!
    return Trace(initial: start, steps: lift(stored.steps.map(\.state), from: start))
  }

  /// The stored path through the canonical states `nodes` (each a
  /// successor's orbit of the one before), lifted from `s`.
  func lift(_ nodes: [State], from s: State) -> [Step] {
    var steps: [Step] = []
    var at = s
    for n in nodes {
      // A successor in the orbit exists when `canonical` is a symmetry
      // of the system, as `Reduction` promises.
      guard let step = step(from: at, into: n) else {
        preconditionFailure("canonical form is not a symmetry of the system")
      }
      steps.append(step)
      at = step.state
    }
    return steps
  }

  /// A shortest path on concrete states from `from` to a state `goal`
  /// accepts, through states `inside` accepts (breadth-first, in
  /// transition order); empty when `from` is a goal. Explores the lift of
  /// a component: at most its size times the symmetry group's order.
  func path(from: State, inside: (State) -> Bool, to goal: (State) -> Bool) -> (steps: [Step], end: State)? {
    if goal(from) { return ([], from) }
    var states = [from]
    var parent: [(from: Int, label: Label)?] = [nil]
    var seen: [Hashed<State>: Int] = [Hashed(from): 0]
    var head = 0
    while head < states.count {
      let v = head
      head += 1
      var reached: Int? = nil
      forEachSuccessor(states[v]) { label, next in
        guard reached == nil, seen[Hashed(next)] == nil, inside(next) else { return }
        seen[Hashed(next)] = states.count
        states.append(next)
        parent.append((v, label))
        if goal(next) { reached = states.count - 1 }
      }
      if var w = reached {
        var steps: [Step] = []
        while let p = parent[w] {
          steps.append(Step(label: p.label, state: states[w]))
          w = p.from
        }
        return (steps.reversed(), states[reached!])
      }
    }
    return nil
  }
}

/// A state as a dictionary key, hashed by its fingerprint.
struct Hashed<State: Fingerprinted>: Hashable {
  let state: State
  init(_ state: State) { self.state = state }
  func hash(into h: inout Hasher) { h.combine(state.fingerprint) }
  static func == (a: Hashed, b: Hashed) -> Bool { a.state == b.state }
}
