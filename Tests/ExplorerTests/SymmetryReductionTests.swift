import Testing

@testable import Explorer

/// k interchangeable counters: counter i may go up if it is below `top`
/// and not ahead of every other counter by more than one, or be reset to
/// zero once it is at the top. Any permutation of the counters is a
/// symmetry, so sorting them is an exact canonical form.
struct Counters: TransitionSystem {
  struct State: Fingerprinted, Hashable {
    var values: [Int]
    var fingerprint: UInt64 {
      values.reduce(0x1234) { ($0 ^ UInt64($1)) &* 0x9E37_79B9_7F4A_7C15 }
    }
  }
  let k: Int
  let top: Int

  func initialStates() -> [State] { [State(values: Array(repeating: 0, count: k))] }

  func forEachSuccessor(of s: State, _ body: (String, State) -> Void) {
    for i in 0..<k {
      let others = s.values.indices.filter { $0 != i }.map { s.values[$0] }
      if s.values[i] < top && s.values[i] <= (others.min() ?? 0) + 1 {
        var n = s
        n.values[i] += 1
        body("up \(i)", n)
      }
      if s.values[i] == top {
        var n = s
        n.values[i] = 0
        body("reset \(i)", n)
      }
    }
  }

  static func sorted(_ s: State) -> State { State(values: s.values.sorted()) }

  /// Reachable states by fixpoint, the slow obvious way.
  var reachable: Set<State> {
    var seen: Set<State> = Set(initialStates())
    var todo = Array(seen)
    while let s = todo.popLast() {
      forEachSuccessor(of: s) { _, n in if seen.insert(n).inserted { todo.append(n) } }
    }
    return seen
  }
}

@Suite struct SymmetryReductionTests {
  let system = Counters(k: 5, top: 3)
  let property = Property<Counters.State>(always: "not all at top") { $0.values.contains { $0 < 3 } }

  func search(reduced: Bool, threads: Int = 1) -> SearchResult<Counters.State, String> {
    var s = FrontierSearch(system: system, properties: [property], checkDeadlock: true)
    if reduced { s.canonical = Counters.sorted }
    s.threads = threads
    s.batchSize = 5
    return s.run()
  }

  @Test func reducedCountIsTheNumberOfClasses() {
    let reachable = system.reachable
    #expect(search(reduced: false).states == reachable.count)
    let classes = Set(reachable.map(Counters.sorted))
    #expect(classes.count < reachable.count)
    for threads in [1, 2] { #expect(search(reduced: true, threads: threads).states == classes.count) }
  }

  @Test func reducedTraceIsAsShortAndReplaysOnTheUnreducedSystem() throws {
    let full = try #require(search(reduced: false).properties[0].counterexample)
    let reduced = try #require(search(reduced: true).properties[0].counterexample)
    #expect(reduced.steps.count == full.steps.count)
    var at = reduced.initial
    for step in reduced.steps {
      var matches: [String] = []
      system.forEachSuccessor(of: at) { label, n in if n == step.state { matches.append(label) } }
      #expect(matches.contains(step.label))
      at = step.state
    }
    #expect(!property.holds(at))
  }

  @Test func verdictsAgree() {
    let a = search(reduced: false)
    let b = search(reduced: true)
    #expect(a.properties.map(\.verdict) == b.properties.map(\.verdict))
    #expect(a.properties.map { $0.counterexample?.steps.count } == b.properties.map { $0.counterexample?.steps.count })
    #expect(a.depth == b.depth)
  }
}
