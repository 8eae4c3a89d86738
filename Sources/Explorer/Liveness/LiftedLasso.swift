/// Lassos on a symmetry-reduced graph, built on the model's own states.
extension LivenessCheck {
  /// A fair cycle from `s` (a lift of `entry`) back to `s` itself, in the
  /// lift of component `c`: for each fair class in turn, on to the
  /// nearest state where it is disabled, if the lift has one (as
  /// `QuotientFairness` tells), else on to the nearest state that takes
  /// it inside, and take it; then back to `s`. A cycle in the quotient
  /// may close in the lift only after several laps (the renaming it
  /// carries, to the power of its order): these legs find the way round.
  func concreteCycle(through c: [Int], entry: Int, members: Members, from s: State) -> [Step] {
    let lifting = self.lifting!
    if c.count == 1 && graph.edges(of: entry).isEmpty { return [] }
    var q = analyse(c, entry: entry, members: members, stopWhenWhole: false)
    let toEntry = lifting.reduction.classMap(s, lifting.reduction.canonical(s))
    let inside = { (t: State) in lifting.node(of: t).map { members.contains($0) } ?? false }
    func enabled(_ k: Int, at t: State) -> Bool {
      var found = false
      lifting.forEachSuccessor(t) { label, _ in found = found || fairness.classOf(label) == k }
      return found
    }
    func takenInside(_ k: Int, at t: State) -> Step? {
      var found: Step? = nil
      lifting.forEachSuccessor(t) { label, next in
        if found == nil, fairness.classOf(label) == k, inside(next) { found = Step(label: label, state: next) }
      }
      return found
    }
    // The legs exist: the component is fair, and its lift strongly
    // connected.
    var steps: [Step] = []
    var at = s
    for k in fairness.classes.indices {
      if q.disabledSomewhere(toEntry[k]) {
        let leg = lifting.path(from: at, inside: inside, to: { !enabled(k, at: $0) })!
        steps += leg.steps
        at = leg.end
        continue
      }
      let leg = lifting.path(from: at, inside: inside, to: { takenInside(k, at: $0) != nil })!
      steps += leg.steps
      let step = takenInside(k, at: leg.end)!
      steps.append(step)
      at = step.state
    }
    if steps.isEmpty {
      // No class constrains the cycle: take any transition inside.
      var first: Step? = nil
      lifting.forEachSuccessor(at) { label, next in
        if first == nil, inside(next) { first = Step(label: label, state: next) }
      }
      steps.append(first!)
      at = first!.state
    }
    steps += lifting.path(from: at, inside: inside, to: { $0 == s })!.steps
    return steps
  }

  /// An abandoning transition on a reduced graph: the prefix is lifted to
  /// its source and ends with it; the cycle, if the graph has a way back,
  /// follows the stored path back lap by lap (each lap ends in a renaming
  /// of the source, and takes the transition again) until a lap ends at
  /// the source itself; nil if none does within a thousand laps.
  func abandonedLifted(from i: Int, edge e: Int, _ p: Eventually<State, Label>) -> (Trace<State, Label>, [Step]?) {
    let lifting = self.lifting!
    let abandons = p.abandons!
    let target = graph.state(Int(graph.targets[e]))
    func abandoning(from u: State) -> Step {
      var found: Step? = nil
      lifting.forEachSuccessor(u) { label, t in
        if found == nil, abandons(u, label, t), lifting.reduction.canonical(t) == target {
          found = Step(label: label, state: t)
        }
      }
      return found!
    }
    let toSource = lifting.trace(to: i)
    let source = toSource.final
    let first = abandoning(from: source)
    let prefix = Trace(initial: toSource.initial, steps: toSource.steps + [first])
    guard let back = path(from: Int(graph.targets[e]), to: { $0 == i }, within: .all) else { return (prefix, nil) }
    // The stored states the way back passes, in canonical form.
    let goals = graph.walk(back.edges, from: Int(graph.targets[e]), start: target).steps.map(\.state)
    var cycle: [Step] = []
    var at = first.state
    for _ in 0..<1000 {
      cycle += lifting.lift(goals, from: at)
      let u = cycle.last?.state ?? at
      let step = abandoning(from: u)
      cycle.append(step)
      if u == source { return (prefix, cycle) }
      at = step.state
    }
    return (prefix, nil)
  }
}
