import Synchronization
import Testing

@testable import Explorer

/// A grid too big to search in a test: what a memory budget or a stop
/// request must cut short.
private let plain = Grid(width: 3_000, height: 3_000)

/// Stops a search after it has seen `after` states (a predicate is
/// called on every new state): what a signal handler does, from inside.
private func stopping(after n: Int, _ stop: StopRequest) -> Property<Grid.Point> {
  let seen = Atomic<Int>(0)
  return Property(always: "fine") { _ in
    if seen.add(1, ordering: .relaxed).newValue >= n { stop.request() }
    return true
  }
}

@Suite struct MemoryBudgetTests {
  @Test(arguments: [1, 2])
  func theFrontierEngineStopsBeforeItsBudget(threads: Int) {
    let budget = 2 << 20
    var s = FrontierSearch(system: plain, properties: [], limits: .init(maxStates: 100_000_000, maxBytes: budget))
    s.threads = threads
    s.batchSize = 1 << 12
    let r = s.run()
    #expect(r.completion == .memoryLimit)
    #expect(r.verdict == .incomplete)
    #expect(r.states > 10_000)
    #expect(r.bytes + r.queueBytes <= budget)
  }

  @Test func theGraphEngineStopsBeforeItsBudget() {
    let budget = 2 << 20
    let r = BreadthFirstSearch(system: plain, properties: [], limits: .init(maxBytes: budget)).run()
    #expect(r.completion == .memoryLimit)
    #expect(r.verdict == .incomplete)
    #expect(r.states > 10_000)
    #expect(r.bytes <= budget)
  }

  @Test func aViolationWithinTheBudgetIsStillAFail() throws {
    let p = Property<Grid.Point>(always: "not (3,2)") { !($0.x == 3 && $0.y == 2) }
    let frontier = FrontierSearch(system: plain, properties: [p], limits: .init(maxBytes: 2 << 20)).run()
    let graph = BreadthFirstSearch(system: plain, properties: [p], limits: .init(maxBytes: 2 << 20)).run()
    for r in [frontier, graph] {
      #expect(r.completion == .memoryLimit)
      #expect(r.verdict == .fail)
      #expect(try #require(r.properties[0].counterexample).steps.count == 5)
    }
  }

  @Test func aBudgetThatIsLargeEnoughChangesNothing() {
    let small = Grid(width: 60, height: 60)
    let r = FrontierSearch(system: small, properties: [], limits: .init(maxBytes: 64 << 20)).run()
    #expect(r.completion == .exhausted && r.states == 61 * 61)
    let g = BreadthFirstSearch(system: small, properties: [], limits: .init(maxBytes: 64 << 20)).run()
    #expect(g.completion == .exhausted && g.states == 61 * 61)
  }

  @Test func liveSearchesAreChecked() {
    // The cycle search needs its own memory: refused, the liveness
    // verdict is incomplete, never a pass.
    let small = Grid(width: 200, height: 200)
    let waiting = Eventually<Grid.Point, String>("far corner") { !($0.x == 200 && $0.y == 200) }
    let r = BreadthFirstSearch(system: small, properties: [], eventually: [waiting], limits: .init(maxBytes: 3 << 20)).run()
    #expect(r.completion == .memoryLimit)
    #expect(r.properties.last?.verdict == .incomplete)
  }

  /// A shard the budget does not let grow fills to one empty slot, then
  /// refuses: every entry it took is found, and lookups still end.
  @Test func aVisitedSetThatMayNotGrowRefusesInsteadOfLooping() {
    let budget = MemoryBudget(limit: 64 << 10)
    let set = VisitedSet<FingerprintEntry<Int>>(budget: budget)
    set.allow((budget.limit - budget.bytes) / 16)
    var taken: [UInt64] = []
    for i in 1...100_000 {
      let h = UInt64(i) &* 0x9E37_79B9_7F4A_7C15
      if set.insert(FingerprintEntry(i, fingerprint: h)) { taken.append(h) }
    }
    #expect(budget.isExceeded)
    #expect(budget.bytes <= 64 << 10)
    #expect(taken.count < 100_000 && taken.count > 4_000)
    #expect(taken.count == set.count)
    #expect(taken.allSatisfy { set.contains(FingerprintEntry(0, fingerprint: $0)) })
    #expect(!set.contains(FingerprintEntry(0, fingerprint: 12345)))
  }

  /// Where the budget stops a search does not hang on thread timing.
  @Test func aStopByTheBudgetIsTheSameEveryRun() {
    var s = FrontierSearch(system: plain, properties: [], limits: .init(maxStates: 100_000_000, maxBytes: 2 << 20))
    (s.threads, s.batchSize) = (3, 1 << 10)
    let first = s.run()
    for _ in 0..<3 {
      let again = s.run()
      #expect(again.states == first.states && again.transitions == first.transitions)
    }
  }

  @Test func sizesFromTheSystem() {
    let budget = SystemMemory.defaultBudget()
    #expect(budget >= 16 << 20)
    #expect(budget <= SystemMemory.physical() / 5 * 4)
    #expect(budget <= SystemMemory.ceiling() && SystemMemory.ceiling() <= SystemMemory.physical())
  }
}

@Suite struct StopRequestTests {
  @Test(arguments: [1, 2])
  func theFrontierEngineStopsAtTheNextBatch(threads: Int) {
    let stop = StopRequest()
    var s = FrontierSearch(system: plain, properties: [stopping(after: 5_000, stop)])
    (s.threads, s.batchSize, s.stop) = (threads, 1 << 12, stop)
    let r = s.run()
    #expect(r.completion == .interrupted)
    #expect(r.verdict == .incomplete)
    #expect(r.states >= 5_000 && r.states < 50_000)
  }

  @Test func theGraphEngineStopsWithinAFewHundredStates() {
    let stop = StopRequest()
    var s = BreadthFirstSearch(system: plain, properties: [stopping(after: 5_000, stop)])
    s.stop = stop
    let r = s.run()
    #expect(r.completion == .interrupted)
    #expect(r.properties[0].verdict == .incomplete)
    #expect(r.states < 5_000 * 3)
  }

  /// The cycle search after the exploration stops too: what it found
  /// by then is nothing, never a pass.
  @Test func theCycleSearchStops() throws {
    var s = BreadthFirstSearch(system: Grid(width: 7, height: 4), properties: [])
    s.keepGraph = true
    let graph = try #require(s.run().graph)
    let corner = Eventually<Grid.Point, String>("leaves (0,0)") { $0.x + $0.y > 0 }
    #expect(LivenessCheck(graph: graph, fairness: .none).counterexample(corner) != nil)
    let stop = StopRequest()
    stop.request()
    #expect(LivenessCheck(graph: graph, fairness: .none, stop: stop).counterexample(corner) == nil)
  }

  @Test func aRequestBeforeTheStartStopsAtOnce() {
    let stop = StopRequest()
    stop.request()
    var f = FrontierSearch(system: plain, properties: [])
    f.stop = stop
    #expect(f.run().completion == .interrupted)
    var g = BreadthFirstSearch(system: plain, properties: [])
    g.stop = stop
    #expect(g.run().completion == .interrupted)
  }
}
