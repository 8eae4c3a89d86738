import Testing

@testable import GmemModel

/// `split: atCreation` (docs/semantics.md "Design knobs"): an allocated
/// folio is always split; conversion to private never merges it back in
/// place; a folio returns to the pool huge. Each test runs the same path
/// with the default design (`onConversion`) and with the knob.
@Suite struct SplitAtCreationTests {
  let standard = model()
  let shatter = model(split: .atCreation)

  @Test func allocatingAnAllPrivateFolioMakesItSplit() throws {
    let huge = try standard.reach([.access(1)])
    let split = try shatter.reach([.access(1)])
    #expect(huge.layout(ofFolio: 0) == .huge)
    #expect(split.layout(ofFolio: 0) == .split)
    var expected = huge
    expected.setLayout(.split, ofFolio: 0)
    #expect(split == expected)
  }

  @Test func onlyTheAllocatedFolioIsSplitAndAPoolFolioStaysHuge() throws {
    let two = model(folios: 2, subpages: 2, split: .atCreation)
    let s = try two.reach([.access(2)])
    #expect(s.layout(ofFolio: 0) == .huge)
    #expect(s.layout(ofFolio: 1) == .split)
    #expect(try model(folios: 2, subpages: 2).reach([.access(2)]).layout(ofFolio: 1) == .huge)
  }

  @Test func conversionToPrivateNeverMergesInPlace() throws {
    let path: [Action] = [
      .access(0), .request(1...1, to: .shared), .convert, .request(1...1, to: .private), .convert,
    ]
    let merged = try standard.reach(path)
    let kept = try shatter.reach(path)
    #expect(merged.layout(ofFolio: 0) == .huge)
    #expect(kept.layout(ofFolio: 0) == .split)
    #expect(kept[subpage: 0] == page(.private, .present, guestMapped: true))
    #expect((1...3).allSatisfy { kept[subpage: $0] == page(.private, .present) })
    var expected = merged
    expected.setLayout(.split, ofFolio: 0)
    #expect(kept == expected)
  }

  @Test func wholeFolioConversionToPrivateNeverMergesInPlace() throws {
    let path: [Action] = [.access(0), .request(0...3, to: .private), .convert]
    #expect(try model(initShared: true).reach(path).layout(ofFolio: 0) == .huge)
    #expect(try model(initShared: true, split: .atCreation).reach(path).layout(ofFolio: 0) == .split)
  }

  @Test func aFolioPunchedBackToThePoolIsHuge() throws {
    let s = try shatter.reach([.access(0)])
    #expect(s.layout(ofFolio: 0) == .split)
    let (outcome, next) = try shatter.run(.punch(0...3), s)
    #expect(outcome == .ok)
    #expect(next == shatter.initialState)
    #expect(next.layout(ofFolio: 0) == .huge)
  }

  @Test func aFolioMergedBackToThePoolIsHuge() throws {
    let closed = try shatter.reach([.access(0), .close])
    #expect(closed.layout(ofFolio: 0) == .split)
    #expect(try standard.reach([.access(0), .close]).layout(ofFolio: 0) == .huge)
    let merged = try shatter.reach([.merge(0)], from: closed)
    var expected = shatter.initialState
    expected.closed = true
    #expect(merged == expected)
  }

  @Test func stateCountsEqualTheDefaultsButTheLayoutsDiffer() {
    // docs/semantics.md: in both designs the layout is a function of the
    // other fields, so the counts agree while the states do not.
    let a = model(subpages: 2).reachableStates()
    let b = model(subpages: 2, split: .atCreation).reachableStates()
    #expect(a.count == b.count)
    #expect(a != b)
  }
}

/// `split: never`: a conversion of a sub-range (N > 1) returns EINVAL and
/// clears the request, changing nothing else; whole-folio conversions and
/// N = 1 behave as by default.
@Suite struct SplitNeverTests {
  let standard = model()
  let never = model(split: .never)

  @Test func subRangeConversionToSharedIsEINVALAndClearsTheRequest() throws {
    let path: [Action] = [.access(0), .request(1...1, to: .shared)]
    #expect(try standard.outcome(.convert, try standard.reach(path)) == .ok)
    let s = try never.reach(path)
    let (outcome, next) = try never.run(.convert, s)
    var expected = s
    expected.request = nil
    #expect(outcome == .einval)
    #expect(next == expected)
    #expect(next[subpage: 1] == page(.private, .present))
    #expect(next.layout(ofFolio: 0) == .huge)
  }

  @Test func subRangeConversionToPrivateIsEINVALAndZapsNothing() throws {
    let path: [Action] = [.fault(1), .access(1), .request(1...1, to: .private)]
    let shared = model(initShared: true, split: .never)
    let s = try shared.reach(path)
    let (outcome, next) = try shared.run(.convert, s)
    var expected = s
    expected.request = nil
    #expect(outcome == .einval)
    #expect(next == expected)
    #expect(next[subpage: 1] == page(.shared, .present, mapped: 1, guestMapped: true))
    let done = try model(initShared: true).reach(path + [.convert])
    #expect(done[subpage: 1] == page(.private, .present))
  }

  @Test func subRangeOfAPoolFolioIsRefusedToo() throws {
    let s = try never.reach([.request(2...2, to: .shared)])
    let (outcome, next) = try never.run(.convert, s)
    #expect(outcome == .einval)
    #expect(next == never.initialState)
  }

  @Test func theRefusalIsAStateChangingSuccessor() throws {
    let s = try never.reach([.request(2...2, to: .shared)])
    var steps: [(Step, GmemState)] = []
    never.forEachSuccessor(of: s) { step, next in steps.append((step, next)) }
    // Self-loops are yielded too, so "state-changing" is checked on the
    // next state: the refusal clears the request.
    let refusal = steps.filter { $0.0 == Step(Action(.convert, 2...2, to: .shared), .einval) }
    #expect(refusal.count == 1)
    #expect(refusal.first.map { $0.1 != s && $0.1.request == nil } == true)
  }

  @Test(arguments: [Attr.shared, .private])
  func wholeFolioConversionBehavesAsByDefault(to: Attr) throws {
    let start: [Action] = to == .private ? [.request(0...3, to: .shared), .convert] : []
    let path = start + [.access(0), .request(0...3, to: to), .convert]
    let s = try never.reach(path)
    #expect(s == (try standard.reach(path)))
    #expect((0...3).allSatisfy { s[subpage: $0].attr == to })
    #expect(s.layout(ofFolio: 0) == (to == .shared ? .split : .huge))
    let sub = try never.reach([.access(0), .request(1...1, to: .shared)])
    #expect(try never.outcome(.convert, sub) == .einval)  // the knob is on
  }

  @Test func withOneSubpagePerFolioTheKnobChangesNothing() throws {
    let a = model(folios: 2, subpages: 1).reachableStates()
    let b = model(folios: 2, subpages: 1, split: .never).reachableStates()
    #expect(a == b)
    #expect(a.count > 100)
    let one = model(subpages: 1, split: .never)
    let s = try one.reach([.access(0), .request(0...0, to: .shared)])
    #expect(try one.outcome(.convert, s) == .ok)
    // With two subpages per folio the same knob does change the states.
    #expect(model(subpages: 2, split: .never).reachableStates() != model(subpages: 2).reachableStates())
  }
}
