import Explorer
import Testing

@testable import GmemModel

/// The views of two subpages (`PairViews`) against brute force: the set
/// it computes is closed under the abstraction's transitions on every
/// part (clique) a naive enumeration finds, every view in it comes from
/// the initial state or such a transition, and every state the cap-1
/// abstraction reaches, and every concrete reachable state at N = 2 and
/// 3, has all its views in it. On the design without
/// long-term pins (the smallest whose views need parts of 6 subpages; a
/// debug build computes them in about 10 s).
@Suite struct PairViewsTests {
  static let config = model(longTermPins: .forbidden).config

  /// One computation, shared by the tests (they only read it, so the
  /// class need not be `Sendable`).
  nonisolated(unsafe) static let computed: (PairViews, PairViews.Result) = {
    let views = PairViews(AbstractFolios(config))
    return (views, views.run { _ in 0 })
  }()

  @Test func countingStateCountsTheTestsThatFoundASubpage() {
    var s = WideState()
    s.setKey(0, Subpage(attr: .private).raw)
    s.setKey(1, Subpage(attr: .shared).raw)
    s.setKey(2, Subpage(attr: .private).raw)
    let counter = CountingState.Counter()
    let c = CountingState(base: s, counter: counter)
    #expect(c.anySubpage(in: 0...2) { $0.attr == .shared })
    #expect(counter.found == 1)
    #expect(!c.anySubpage(in: 0...0) { $0.attr == .shared })
    #expect(counter.found == 1, "a test that found nothing needs no witness")
    #expect(c.everySubpage(in: 0...2) { $0.life == .hole })
    #expect(counter.found == 1, "nor one that held of every subpage")
    #expect(!c.everySubpage(in: 0...2) { $0.attr == .private })
    #expect(counter.found == 2, "one that failed on a subpage does")
    #expect(c.firstSubpage(in: 1...2) { $0.attr == .private } == 2)
    #expect(counter.found == 3)
  }

  @Test func partsAreLargeEnoughForTheWitnessesCounted() {
    let (_, r) = Self.computed
    #expect(r.completion == .closed)
    #expect(r.size >= r.actingWitnesses + 3 && r.size >= r.otherWitnesses + 2)
    // The count is real: this design's steps do test other subpages.
    #expect(r.actingWitnesses >= 1 && r.otherWitnesses >= 1)
  }

  /// Every clique of at most `size` keys of each value of the globals,
  /// by trying every subset in order (no pruning but the size).
  static func naiveCliques(_ e: PairViews.Entry, size: Int) -> [KeySet] {
    var keys: [Int] = []
    e.singles.forEach { keys.append($0) }
    var out: [KeySet] = []
    func extend(_ chosen: [Int], from start: Int) {
      let set = chosen.reduce(KeySet()) { $0.inserting($1) }
      if chosen.allSatisfy({ k in set.removing(k).subtracting(e.pairs[k]) == KeySet() }) {
        out.append(set)
      } else {
        return  // no superset is a clique either
      }
      guard chosen.count < size else { return }
      for i in start..<keys.count { extend(chosen + [keys[i]], from: i + 1) }
    }
    extend([], from: 0)
    return out
  }

  @Test func theViewsAreTheLeastSetClosedUnderTheTransitionsOfTheirParts() {
    let (views, r) = Self.computed
    let abstraction = views.abstraction
    // V again, from scratch: the initial state's views and those of each
    // part's successors. Closure: each successor is inside V; and V has
    // nothing else.
    let again = PairViews(abstraction)
    for a in abstraction.initialStates() { again.add(a) }
    var parts = 0
    var outside = 0
    for e in views.entries {
      for keys in Self.naiveCliques(e, size: r.size) {
        parts += 1
        abstraction.forEachSuccessor(of: e.state(keys, abstraction.keyTable)) { _, b in
          if !views.contains(b) { outside += 1 }
          again.add(b)
        }
      }
    }
    #expect(parts == r.subStates)
    #expect(outside == 0)
    #expect(again.entries.count == views.entries.count)
    for e in again.entries {
      guard let i = views.index[e.globals] else {
        Issue.record("a value of the globals V lacks")
        continue
      }
      // Compared whole, so that a failure does not print 256 sets.
      let same = e.singles == views.entries[i].singles && e.pairs == views.entries[i].pairs
      #expect(same, "the views of \(e.globals) differ")
    }
  }

  /// What the views stand for holds every state the cap-1 abstraction
  /// reaches (13,064 on this design): the claim a proof by views rests on.
  @Test func everyStateTheCap1AbstractionReachesIsInsideTheViews() {
    let (views, _) = Self.computed
    // The views' own: key numbers are per abstraction.
    let abstraction = views.abstraction
    var seen = Set(abstraction.initialStates())
    var queue = Array(seen)
    var outside = 0
    while let a = queue.popLast() {
      if !views.contains(a) { outside += 1 }
      abstraction.forEachSuccessor(of: a) { _, b in
        if seen.insert(b).inserted { queue.append(b) }
      }
    }
    #expect(seen.count > 10_000)
    #expect(outside == 0, "\(outside) of \(seen.count) states")
  }

  @Test(arguments: [2, 3])
  func everyConcreteReachableStateIsInsideTheViews(subpages n: Int) {
    let (views, _) = Self.computed
    var c = Self.config
    c.subpages = n
    let m = GuestMemfd(c)
    var seen: Set<GmemState> = [m.initialState]
    var queue = [m.initialState]
    var outside = 0
    while let s = queue.popLast() {
      if !views.contains(views.abstraction.abstraction(of: WideState(s, m), n: n)) { outside += 1 }
      m.forEachSuccessor(of: s) { _, t in
        if seen.insert(t).inserted { queue.append(t) }
      }
    }
    #expect(seen.count > 100)
    #expect(outside == 0, "N = \(n): \(outside) of \(seen.count) states")
  }
}
