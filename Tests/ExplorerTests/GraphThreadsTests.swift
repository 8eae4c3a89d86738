import TestSupport
import Testing

@testable import Explorer

/// The graph engine makes and looks up successors on several threads and
/// numbers the new ones on one: the graph it keeps, its counts and its
/// traces must not depend on the number of threads, and must be the
/// brute-force answers.
@Suite struct GraphThreadsTests {
  func run(_ g: ExplicitGraph, threads: Int, limits: SearchLimits = .init()) -> SearchResult<Node, Int> {
    var s = BreadthFirstSearch(
      system: g, properties: [Property(always: "not 17") { $0.id != 17 }], checkDeadlock: true, limits: limits)
    s.keepGraph = true
    s.threads = threads
    return s.run()
  }

  @Test(arguments: Array(UInt64(1)...30))
  func sameGraphOnAnyNumberOfThreads(seed: UInt64) throws {
    var g = ExplicitGraph.random(nodes: seed % 5 == 0 ? 400 : 3000, degree: 4, roots: 3, seed: seed)
    // Every fingerprint equal: the lookups on the threads probe long runs.
    g.collide = seed % 5 == 0
    let truth = BruteForce(g)
    let one = run(g, threads: 1)
    #expect(one.states == truth.reachable.count)
    #expect(one.transitions == truth.edgeCount)
    #expect(one.depth == truth.eccentricity)
    let graph = try #require(one.graph)
    for threads in [2, 3] {
      let r = run(g, threads: threads)
      let other = try #require(r.graph)
      #expect((r.states, r.transitions, r.depth) == (one.states, one.transitions, one.depth))
      #expect(other.states.map(\.id) == graph.states.map(\.id), "seed \(seed), \(threads) threads")
      #expect(other.rows.starts == graph.rows.starts)
      #expect(other.targets.elements == graph.targets.elements)
      #expect(other.parents == graph.parents)
      for (a, b) in zip(r.properties, one.properties) {
        #expect(a.verdict == b.verdict)
        #expect(a.counterexample?.steps.map(\.state.id) == b.counterexample?.steps.map(\.state.id))
      }
    }
  }

  /// Bounds stop the search at the same state on any number of threads.
  @Test(arguments: [SearchLimits(maxStates: 700), SearchLimits(maxDepth: 3), SearchLimits(maxBytes: 200_000)])
  func boundsStopAtTheSameState(limits: SearchLimits) {
    let g = ExplicitGraph.random(nodes: 5000, degree: 4, roots: 2, seed: 11)
    let one = run(g, threads: 1, limits: limits)
    #expect(one.completion != .exhausted)
    for threads in [2, 3] {
      let r = run(g, threads: threads, limits: limits)
      #expect(r.completion == one.completion)
      #expect((r.states, r.transitions) == (one.states, one.transitions))
    }
  }
}

/// With a liveness property the graph engine stores fingerprints and
/// numbers, not states, and makes again the states a trace needs: the
/// same graph, counts and traces as with whole states, on any number of
/// threads, and bounds stop it at the same state on any number.
@Suite struct GraphFingerprintTests {
  func run(_ g: ExplicitGraph, exact: Bool, threads: Int, limits: SearchLimits = .init()) -> SearchResult<Node, Int> {
    let waiting = Eventually<Node, Int>("leaves 0 mod 3", waiting: { $0.id % 3 == 0 })
    var s = BreadthFirstSearch(
      system: g, properties: [Property(always: "not 17") { $0.id != 17 }], eventually: [waiting],
      checkDeadlock: true, limits: limits)
    (s.threads, s.exact) = (threads, exact)
    return s.run()
  }

  @Test(arguments: Array(UInt64(1)...20))
  func sameAnswersAsWholeStates(seed: UInt64) {
    let g = ExplicitGraph.random(nodes: 2000, degree: 3, roots: 2, seed: seed)
    let exact = run(g, exact: true, threads: 1)
    #expect(exact.collisionProbability == nil)
    for threads in [1, 2, 3] {
      let r = run(g, exact: false, threads: threads)
      #expect(r.collisionProbability != nil)
      #expect((r.states, r.transitions, r.depth) == (exact.states, exact.transitions, exact.depth))
      for (a, b) in zip(r.properties, exact.properties) {
        #expect(a.verdict == b.verdict, "seed \(seed), \(a.name)")
        #expect(a.counterexample?.initial.id == b.counterexample?.initial.id)
        #expect(a.counterexample?.steps.map(\.state.id) == b.counterexample?.steps.map(\.state.id))
        #expect(a.counterexample?.steps.map(\.label) == b.counterexample?.steps.map(\.label))
        #expect(a.cycle?.map(\.state.id) == b.cycle?.map(\.state.id), "seed \(seed), \(a.name)")
      }
    }
  }

  /// Issue 18's storage target: at most 16 bytes a stored state besides
  /// the transitions, and 6 a stored transition (a target, a fair-class
  /// byte and a flag byte), on a graph big enough that the arrays' last
  /// chunks weigh little.
  @Test func atMostSixteenBytesAState() {
    let g = ExplicitGraph.random(nodes: 300_000, degree: 4, roots: 2, seed: 3)
    let r = run(g, exact: false, threads: 2)
    #expect(r.completion == .exhausted)
    #expect(r.states > 250_000)
    let perState = Double(r.bytes - r.transitionBytes) / Double(r.states)
    #expect(perState <= 16, "\(perState) bytes a state")
    let perTransition = Double(r.transitionBytes) / Double(r.storedTransitions)
    #expect(perTransition <= 6.05, "\(perTransition) bytes a transition")
  }

  @Test(arguments: [SearchLimits(maxStates: 700), SearchLimits(maxDepth: 3), SearchLimits(maxBytes: 100_000)])
  func boundsStopAtTheSameState(limits: SearchLimits) {
    let g = ExplicitGraph.random(nodes: 5000, degree: 4, roots: 2, seed: 11)
    let one = run(g, exact: false, threads: 1, limits: limits)
    #expect(one.completion != .exhausted)
    #expect(one.bytes <= limits.maxBytes ?? .max)
    for threads in [2, 3] {
      let r = run(g, exact: false, threads: threads, limits: limits)
      #expect(r.completion == one.completion)
      #expect((r.states, r.transitions) == (one.states, one.transitions))
    }
  }
}
