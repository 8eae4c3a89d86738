import Explorer
import Foundation
import Testing

@testable import GmemModel

/// The views of two subpages (`PairViews`) against brute force: every
/// state of a few keys that the set stands for (a naive enumeration of
/// cliques, not only the parts it expanded) has its successors inside
/// it, every view in it comes from the initial state or a part's step,
/// and every state the cap-1 abstraction reaches, and every concrete
/// reachable state at N = 2 and 3, has all its views in it. On the
/// design without long-term pins (a debug build computes its views in
/// about 4 s).
@Suite struct PairViewsTests {
  static let config = model(longTermPins: .forbidden).config

  /// One computation, shared by the tests (they only read it, so the
  /// class need not be `Sendable`).
  nonisolated(unsafe) static let computed: (PairViews, PairViews.Result) = {
    let views = PairViews(AbstractFolios(config))
    views.keepsExpanded = true
    return (views, views.run { _ in 0 })
  }()

  @Test func recordingStateRecordsTheKeysThatWouldFlipEachTestOfTheFolio() {
    var s = WideState()
    s.setKey(0, Subpage(attr: .private).raw)
    s.setKey(1, Subpage(attr: .private).raw)
    let recorder = RecordingState.Recorder()
    let shared = Subpage(attr: .shared)
    var present = Subpage(attr: .private)
    present.life = .present
    recorder.reset(candidates: [(7, shared), (9, present), (12, Subpage(attr: .private))], only: nil)
    recorder.begin(StepID(.others, 0), folio: 0...1, exactLanes: 0b10)
    let c = RecordingState(base: s, recorder: recorder)
    #expect(!c.anySubpage(in: 0...1) { $0.attr == .shared })
    #expect(c.everySubpage(in: 0...1) { $0.life == .hole })
    #expect(c.anySubpage(in: 0...1) { $0.attr == .private }, "found: needs no witness")
    #expect(!c.anySubpage(in: 0...1) { $0.mapped > 0 }, "no candidate flips it: not recorded")
    #expect(!c.anySubpage(in: 1...1) { $0.attr == .shared }, "a lane kept exactly is exact")
    recorder.end()
    #expect(recorder.steps.count == 1)
    #expect(recorder.steps.first?.tests == [KeySet().inserting(7), KeySet().inserting(9)])
    #expect(!recorder.untraced)
    #expect(!c.anySubpage(in: 0...0) { $0.attr == .shared })
    #expect(recorder.untraced, "a lane that stands for a key is not")
  }

  @Test func theViewsCloseAndPartsGrowPastTheirCores() {
    let (_, r) = Self.computed
    #expect(r.completion == .closed)
    // Parts do grow past their cores: this design's steps test the folio.
    #expect(r.witnesses >= 1 && r.largestPart > PairViews.coreSize)
  }

  /// The rounds do not depend on the threads: two compute the same V,
  /// in the same order, with the same counts, as one (key numbers may
  /// differ: they are compared by the local states they stand for).
  @Test func twoThreadsComputeWhatOneDoes() {
    let (one, r1) = Self.computed
    let two = PairViews(AbstractFolios(Self.config))
    let r2 = two.run(threads: 2) { _ in 0 }
    #expect(two.entries.map(\.globals) == one.entries.map(\.globals))
    func values(_ views: PairViews, _ keys: KeySet) -> Set<UInt32> {
      var out = Set<UInt32>()
      keys.forEach { out.insert(views.abstraction.keyTable.pair($0).key) }
      return out
    }
    for (a, b) in zip(one.entries, two.entries) {
      #expect(values(one, a.singles) == values(two, b.singles))
      var pairsA = Set<Set<UInt32>>()
      var pairsB = Set<Set<UInt32>>()
      a.singles.forEach { k in a.pairs[k].forEach { pairsA.insert(values(one, KeySet().inserting(k).inserting($0))) } }
      b.singles.forEach { k in b.pairs[k].forEach { pairsB.insert(values(two, KeySet().inserting(k).inserting($0))) } }
      #expect(pairsA == pairsB)
    }
    #expect(r2.completion == .closed && r1.globals == r2.globals && r1.keys == r2.keys && r1.pairs == r2.pairs)
    #expect(r1.parts == r2.parts && r1.expansions == r2.expansions && r1.rounds == r2.rounds)
    #expect(r1.witnesses == r2.witnesses && r1.largestPart == r2.largestPart)
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

  /// V is a fixpoint: one more round over every value of the globals,
  /// as V stands at the end, adds nothing. On no-long-term-pins with two
  /// vCPUs (3,370 keys): a
  /// fault that traversed an entry as it stood at the round's start, not
  /// when its traversal began, left views out there (3,366 keys) and not
  /// with one vCPU.
  @Test func oneMoreRoundOverEveryEntryAddsNothing() throws {
    let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
      .deletingLastPathComponent()
    let path = root.appendingPathComponent("Models/no-long-term-pins.json5").path
    let views = PairViews(AbstractFolios(try ModelConfig.load(file: path, overrides: ["vcpus=2"])))
    let first = views.run { _ in 0 }
    views.traversed = views.traversed.map { _ in -1 }
    let again = views.run { _ in 0 }
    #expect(first.completion == .closed)
    #expect(first.keys == again.keys && first.pairs == again.pairs && first.globals == again.globals)
    #expect(again.rounds == 1)
  }

  /// The claim a proof by views rests on, by brute force: every state
  /// V stands for has its successors inside V. Tried on every state of
  /// at most six keys (all its pairs in V), not only on the parts.
  @Test func everyStateTheViewsStandForHasItsSuccessorsInside() {
    let (views, r) = Self.computed
    let abstraction = views.abstraction
    let largest = 6
    var states = 0
    var outside = 0
    for e in views.entries {
      for keys in Self.naiveCliques(e, size: largest) {
        states += 1
        abstraction.forEachSuccessor(of: e.state(keys, abstraction.keyTable)) { _, b in
          if !views.contains(b) { outside += 1 }
        }
      }
    }
    #expect(states > r.parts)
    #expect(outside == 0, "\(outside) successors of \(states) states")
  }

  /// And V has nothing else: the initial state's views and those of the
  /// parts' successors are all of it.
  @Test func everyViewComesFromThePartsSteps() {
    let (views, _) = Self.computed
    let abstraction = views.abstraction
    let again = PairViews(abstraction)
    var found: [PairViews.Globals: PairViews.Entry] = [:]
    for a in abstraction.initialStates() { PairViews.add(a, to: &found) }
    for (e, parts) in zip(views.entries, views.expanded) {
      for expanded in parts {
        let recorder = RecordingState.Recorder()
        recorder.reset(candidates: [], only: expanded.step)
        abstraction.forEachSuccessor(of: e.state(expanded.part, abstraction.keyTable), recorder: recorder) { _, b in
          PairViews.add(b, to: &found)
        }
      }
    }
    again.merge([found])
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
