/// Finds a fair lasso that violates an `Eventually` property on a kept
/// state graph.
///
/// Weak fairness on a strongly connected component C of the waiting
/// states is decided exactly by the component: a fair cycle through C
/// exists iff every fair class is either disabled somewhere in C or taken
/// by some transition inside C (a cycle through all of C then satisfies
/// every class). A waiting state with no transition at all (a dead end)
/// is a lasso whose cycle is staying there. O(states + transitions).
///
/// On a symmetry-reduced graph (`lifting`) the components are the
/// quotient's, decided as `QuotientFairness` says, and a lasso is built
/// on the model's own states: its prefix lifted from the stored path, its
/// cycle found in the component's lift.
@usableFromInline
struct LivenessCheck<State: Fingerprinted, Label> {
  let graph: StateGraph<State, Label>
  let fairness: Fairness<Label>
  /// Polled in the component search, the long part: once requested,
  /// the search ends early and finds nothing.
  let stop: StopRequest?
  /// For a reduced graph: how its paths become the model's.
  let lifting: Lifting<State, Label>?
  /// Shared by the properties checked on this graph.
  let analysed = AnalysedComponents()

  @usableFromInline
  init(graph: StateGraph<State, Label>, fairness: Fairness<Label>, stop: StopRequest? = nil) {
    self.init(graph: graph, fairness: fairness, stop: stop, lifting: nil)
  }

  init(graph: StateGraph<State, Label>, fairness: Fairness<Label>, stop: StopRequest?, lifting: Lifting<State, Label>?) {
    self.graph = graph
    self.fairness = fairness
    self.stop = stop
    self.lifting = lifting
  }

  @usableFromInline typealias Step = Trace<State, Label>.Step

  /// The lasso with the shortest prefix (an abandoning step counted from
  /// its source, and first on a tie; then the first in breadth-first
  /// order), or
  /// nil when the property holds on the graph. `flag`: which bit of the
  /// graph's `abandonFlags` marks the property's abandoning transitions
  /// (recorded on the model's own targets during the search); without
  /// it, `abandons` is asked of the stored states (unreduced graphs only).
  @usableFromInline
  func counterexample(_ p: Eventually<State, Label>, flag: Int? = nil) -> (prefix: Trace<State, Label>, cycle: [Step]?)? {
    let n = graph.expanded
    let waiting =
      graph.statesKept
      ? (0..<n).map { p.waiting(graph.states[$0]) }
      : (0..<n).map { graph.waiting[$0] & 1 << flag! != 0 }
    // (depth of the entry or of the abandoning step's source, 0 for an
    // abandoning step or 1 for a cycle, the state's number): the same
    // choice on a reduced graph as on the whole one, numbers aside.
    var best: (key: (Int, Int, Int), build: () -> (Trace<State, Label>, [Step]?))? = nil
    func consider(_ key: (Int, Int, Int), _ build: @escaping () -> (Trace<State, Label>, [Step]?)) {
      if best == nil || key < best!.key { best = (key, build) }
    }
    let abandoning: ((Int, Int) -> Bool)?
    if let flag, p.abandons != nil {
      abandoning = { _, e in graph.abandonFlags[e] & (1 << flag) != 0 }
    } else if let abandons = p.abandons {
      precondition(lifting == nil, "a reduced graph records its abandoning transitions")
      abandoning = { i, e in
        abandons(graph.state(i), graph.label(e, from: i), graph.state(Int(graph.targets[e])))
      }
    } else {
      abandoning = nil
    }
    if let abandoning {
      search: for i in 0..<n {
        for e in graph.edges(of: i) where abandoning(i, e) {
          consider((depth(of: i), 0, i), { abandoned(from: i, edge: e, p) })
          break search
        }
      }
    }
    let (components, componentOf) = components(of: waiting)
    for (number, component) in components.enumerated() {
      let entry = component.min()!
      let key = (depth(of: entry), 1, entry)
      if let b = best, b.key < key { continue }
      // Most components are one state with no loop: no set for those.
      if component.count == 1, !graph.edges(of: entry).isEmpty, !isSelfLoop(entry) { continue }
      let members = Members(componentOf: componentOf, id: Int32(number))
      guard isFairCycle(component, entry: entry, members: members) else { continue }
      consider(key, { lasso(through: component, from: entry, members: members) })
    }
    return best.map { $0.build() }
  }

  private func depth(of i: Int) -> Int { graph.depth(of: i) }

  private func lasso(through c: [Int], from entry: Int, members: Members) -> (Trace<State, Label>, [Step]?) {
    guard let lifting else {
      let prefix = graph.trace(to: entry)
      return (prefix, cycle(through: c, from: entry, members: members, start: prefix.final))
    }
    let prefix = lifting.trace(to: entry)
    return (prefix, concreteCycle(through: c, entry: entry, members: members, from: prefix.final))
  }

  /// A transition that abandons the goal: the prefix ends with it, and the
  /// cycle (if the graph has one) comes back to take it again.
  private func abandoned(from i: Int, edge e: Int, _ p: Eventually<State, Label>) -> (Trace<State, Label>, [Step]?) {
    if lifting != nil { return abandonedLifted(from: i, edge: e, p) }
    let t = Int(graph.targets[e])
    var prefix = graph.trace(to: i)
    let last = graph.walk([e], from: i, start: prefix.final)
    prefix = Trace(initial: prefix.initial, steps: prefix.steps + last.steps)
    guard let back = path(from: t, to: { $0 == i }, within: .all) else { return (prefix, nil) }
    return (prefix, graph.walk(back.edges, from: t, start: last.state).steps + last.steps)
  }

  private func isSelfLoop(_ v: Int) -> Bool {
    graph.edges(of: v).contains { Int(graph.targets[$0]) == v }
  }

  /// Whether the component holds a fair cycle (or is a dead end).
  private func isFairCycle(_ c: [Int], entry: Int, members: Members) -> Bool {
    if c.count == 1 {
      let v = c[0]
      if graph.edges(of: v).isEmpty { return true }
      if !isSelfLoop(v) { return false }
    }
    if lifting != nil { return isFairQuotient(c, entry: entry, members: members) }
    for k in fairness.classes.indices {
      let enabledEverywhere = c.allSatisfy { v in
        graph.edges(of: v).contains { graph.fairClass($0, fairness) == k }
      }
      guard enabledEverywhere else { continue }
      let takenInside = c.contains { v in
        graph.edges(of: v).contains {
          graph.fairClass($0, fairness) == k && members.contains(Int(graph.targets[$0]))
        }
      }
      if !takenInside { return false }
    }
    return true
  }

  /// A cycle from `entry` back to it inside the component that meets every
  /// fair class: it takes each class enabled everywhere, and visits a
  /// state where each other class is disabled. Empty for a dead end.
  /// `start`: the entry's state.
  private func cycle(through c: [Int], from entry: Int, members: Members, start: State) -> [Step] {
    if c.count == 1 && graph.edges(of: entry).isEmpty { return [] }
    var steps: [Int] = []
    var at = entry
    let sorted = sortedComponent(c)
    for k in fairness.classes.indices {
      let classEdge = { (e: Int) in graph.fairClass(e, fairness) == k }
      if let disabledAt = sorted.first(where: { v in !graph.edges(of: v).contains(where: classEdge) }) {
        steps += path(from: at, to: { $0 == disabledAt }, within: members)!.edges
        at = disabledAt
        continue
      }
      // Enabled everywhere: take a k-transition inside the component.
      let sources = sorted.filter { v in
        graph.edges(of: v).contains { classEdge($0) && members.contains(Int(graph.targets[$0])) }
      }
      let leg = path(from: at, to: { sources.contains($0) }, within: members)!
      steps += leg.edges
      at = leg.end
      let e = graph.edges(of: at).first { classEdge($0) && members.contains(Int(graph.targets[$0])) }!
      at = Int(graph.targets[e])
      steps.append(e)
    }
    if steps.isEmpty {
      // No class constrains the cycle: take any transition inside.
      let e = graph.edges(of: entry).first { members.contains(Int(graph.targets[$0])) }!
      at = Int(graph.targets[e])
      steps.append(e)
    }
    steps += path(from: at, to: { $0 == entry }, within: members)!.edges
    return graph.walk(steps, from: entry, start: start).steps
  }

  /// A shortest path inside `members` (breadth-first, in transition
  /// order), as its transitions; empty when `from` is already a goal.
  func path(from: Int, to goal: (Int) -> Bool, within members: Members)
    -> (edges: [Int], end: Int)?
  {
    if goal(from) { return ([], from) }
    var parent: [Int: Int] = [from: -1]  // state -> edge that reached it
    var queue = [from]
    var head = 0
    while head < queue.count {
      let v = queue[head]
      head += 1
      for e in graph.edges(of: v) {
        let w = Int(graph.targets[e])
        guard members.contains(w), parent[w] == nil else { continue }
        parent[w] = e
        if goal(w) {
          var edges: [Int] = []
          var x = w
          while x != from {
            let pe = parent[x]!
            edges.append(pe)
            x = source(of: pe)
          }
          return (edges.reversed(), w)
        }
        queue.append(w)
      }
    }
    return nil
  }

  /// The state an edge leaves. O(log states).
  private func source(of e: Int) -> Int {
    var lo = 0
    var hi = graph.expanded
    while lo + 1 < hi {
      let mid = (lo + hi) / 2
      if graph.rowStart(mid) <= e { lo = mid } else { hi = mid }
    }
    return lo
  }

  /// Strongly connected components of the waiting states (Tarjan, without
  /// recursion), and each state's component's number (-1: not waiting).
  private func components(of waiting: [Bool]) -> ([[Int]], [Int32]) {
    let n = waiting.count
    var index = [Int32](repeating: -1, count: n)
    var low = [Int32](repeating: 0, count: n)
    var onStack = [Bool](repeating: false, count: n)
    var stack: [Int] = []
    var result: [[Int]] = []
    var counter: Int32 = 0
    var calls: [(v: Int, edge: Int, end: Int)] = []
    func open(_ v: Int) {
      index[v] = counter
      low[v] = counter
      counter += 1
      stack.append(v)
      onStack[v] = true
      let row = graph.edges(of: v)
      calls.append((v, row.lowerBound, row.upperBound))
    }
    for root in 0..<n where waiting[root] && index[root] < 0 {
      if stop?.isRequested == true { return ([], []) }
      open(root)
      while let (v, e, end) = calls.last {
        if counter & 4095 == 0, stop?.isRequested == true { return ([], []) }
        if e < end {
          calls[calls.count - 1].edge += 1
          let w = Int(graph.targets[e])
          guard w < n, waiting[w] else { continue }
          if index[w] < 0 {
            open(w)
          } else if onStack[w] {
            low[v] = min(low[v], index[w])
          }
          continue
        }
        calls.removeLast()
        if let (u, _, _) = calls.last { low[u] = min(low[u], low[v]) }
        if low[v] == index[v] {
          var component: [Int] = []
          while true {
            let w = stack.removeLast()
            onStack[w] = false
            component.append(w)
            if w == v { break }
          }
          result.append(component)
        }
      }
    }
    var componentOf = [Int32](repeating: -1, count: n)
    for (number, c) in result.enumerated() {
      for v in c { componentOf[v] = Int32(number) }
    }
    return (result, componentOf)
  }
}

/// The states of one strongly connected component (or every state), as
/// a membership test: an array lookup, not a hash.
struct Members {
  let componentOf: [Int32]
  /// -1: every state.
  let id: Int32

  static var all: Members { Members(componentOf: [], id: -1) }

  func contains(_ v: Int) -> Bool {
    id < 0 || (v < componentOf.count && componentOf[v] == id)
  }
}
