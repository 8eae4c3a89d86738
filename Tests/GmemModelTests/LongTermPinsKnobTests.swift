import Testing

@testable import GmemModel

/// `longTermPins: forbidden` (option (a)): dmaMap, under its usual
/// precondition, returns EPERM and changes nothing.
@Suite struct LongTermPinsForbiddenTests {
  @Test func dmaMapIsEPERMAndChangesNothing() throws {
    let allowed = model(initShared: true)
    let forbidden = model(initShared: true, longTermPins: .forbidden)
    let s = try forbidden.reach([.fault(1)])
    #expect(try allowed.run(.dmaMap(1), s).1[subpage: 1].longPins == 1)
    let (outcome, next) = try forbidden.run(.dmaMap(1), s)
    #expect(outcome == .eperm)
    #expect(next == s)
  }

  @Test func theUsualPreconditionStillHolds() throws {
    let forbidden = model(initShared: true, longTermPins: .forbidden)
    #expect(!forbidden.enabled(.dmaMap(1), try forbidden.reach([.access(1)])))
    #expect(!forbidden.enabled(.dmaMap(1), forbidden.initialState))
    #expect(try forbidden.outcome(.dmaMap(1), try forbidden.reach([.fault(1)])) == .eperm)
  }

  @Test func theRefusalIsYieldedAsASelfLoop() throws {
    let forbidden = model(initShared: true, longTermPins: .forbidden)
    let s = try forbidden.reach([.fault(1)])
    var steps: [(Step, GmemState)] = []
    forbidden.forEachSuccessor(of: s) { step, next in steps.append((step, next)) }
    let dmaMaps = steps.filter { $0.0.action.kind == .dmaMap }
    #expect(dmaMaps.count == 1)
    #expect(dmaMaps.first.map { $0 == (Step(.dmaMap(1), .eperm), s) } == true)
    #expect(steps.contains { $0.0 == Step(.pin(1), .ok) && $0.1 != s })
  }
}

/// `longTermPins: pfnCallback`: the IOMMU maps the PFN (`iommuMapped`) with
/// no page reference; conversion to private and truncation drop the
/// mapping instead of waiting for it.
@Suite struct PfnCallbackTests {
  let allowed = model(initShared: true)
  let pfn = model(initShared: true, longTermPins: .pfnCallback)

  @Test func dmaMapNeedsNoUserMappingAndTakesNoPin() throws {
    let s = try pfn.reach([.access(1)])
    #expect(!allowed.enabled(.dmaMap(1), s))
    let (outcome, next) = try pfn.run(.dmaMap(1), s)
    var expected = s
    expected[subpage: 1].iommuMapped = true
    #expect(outcome == .ok)
    #expect(next == expected)
    #expect(!next[subpage: 1].isPinned)
    #expect(!pfn.enabled(.dmaMap(1), next))  // mapped once per subpage
  }

  @Test func dmaMapNeedsAnOpenFileAndASharedPresentPage() throws {
    #expect(!pfn.enabled(.dmaMap(0), pfn.initialState))
    var closed = try pfn.reach([.access(0)])
    closed.closed = true
    #expect(!pfn.enabled(.dmaMap(0), closed))
    let priv = model(longTermPins: .pfnCallback)
    #expect(!priv.enabled(.dmaMap(0), try priv.reach([.access(0)])))
    #expect(pfn.enabled(.dmaMap(0), try pfn.reach([.access(0)])))  // no PTE needed
  }

  @Test func dmaUnmapDropsTheMapping() throws {
    let s = try pfn.reach([.fault(1)])
    let mapped = try pfn.reach([.dmaMap(1)], from: s)
    #expect(mapped[subpage: 1] == page(.shared, .present, mapped: 1, iommuMapped: true))
    let (outcome, next) = try pfn.run(.dmaUnmap(1), mapped)
    #expect(outcome == .ok)
    #expect(next == s)
    #expect(!pfn.enabled(.dmaUnmap(1), next))
  }

  @Test func conversionToPrivateDropsTheMappingInsteadOfEAGAIN() throws {
    let path: [Action] = [.fault(1), .dmaMap(1), .request(1...1, to: .private)]
    #expect(try allowed.outcome(.convert, try allowed.reach(path)) == .eagain)
    let (outcome, next) = try pfn.run(.convert, try pfn.reach(path))
    #expect(outcome == .ok)
    #expect(next[subpage: 1] == page(.private, .present))
    #expect(next.request == nil)
  }

  @Test func aShortPinStillGivesEAGAINButTheIOMMUZapStays() throws {
    let s = try pfn.reach([.fault(1), .pin(1), .dmaMap(1), .request(1...1, to: .private)])
    let (outcome, next) = try pfn.run(.convert, s)
    #expect(outcome == .eagain)
    #expect(next[subpage: 1] == page(.shared, .present, shortPins: 1))
    #expect(next.request == s.request)
  }

  @Test func wholeFolioPunchDropsTheMappingAndReturnsTheFolio() throws {
    let path: [Action] = [.fault(1), .dmaMap(1)]
    #expect(try allowed.outcome(.punch(0...3), try allowed.reach(path)) == .eagain)
    let (outcome, next) = try pfn.run(.punch(0...3), try pfn.reach(path))
    #expect(outcome == .ok)
    #expect(next == pfn.initialState)
  }

  @Test func closeDropsTheMappingAndFreesThePieceNotAnOrphan() throws {
    let path: [Action] = [.fault(1), .dmaMap(1), .close]
    #expect(try allowed.reach(path)[subpage: 1] == page(.shared, .orphan, longPins: 1))
    let s = try pfn.reach(path)
    #expect((0...3).allSatisfy { s[subpage: $0] == page(.shared, .freed) })
  }

  @Test func singleSubpagePunchOfAHugeFolioKeepsTheMapping() throws {
    let s = try pfn.reach([.access(1), .dmaMap(1)])
    let (outcome, next) = try pfn.run(.punch(1...1), s)
    #expect(outcome == .ok)
    #expect(next[subpage: 1] == page(.shared, .present, iommuMapped: true))
  }

  @Test func singleSubpagePunchWithBaseBackingDropsItAndMakesAHole() throws {
    let base = model(backing: .base, initShared: true, longTermPins: .pfnCallback)
    let s = try base.reach([.fault(1), .dmaMap(1), .punch(1...1)])
    #expect(s == base.initialState)
    let pinned = model(backing: .base, initShared: true)
    #expect(try pinned.reach([.fault(1), .dmaMap(1), .punch(1...1)])[subpage: 1].life == .orphan)
  }
}

/// `refcount: perFolio`: step 3 of conversion to private fails with EAGAIN
/// when any present piece of the range's folio is pinned.
@Suite struct RefcountPerFolioTests {
  let path: [Action] = [.fault(0), .fault(1), .pin(1), .request(0...0, to: .private)]

  @Test func aPinOnANeighbourBlocksConversionToPrivate() throws {
    let perSubpage = model(initShared: true)
    #expect(try perSubpage.reach(path + [.convert])[subpage: 0] == page(.private, .present))
    let perFolio = model(initShared: true, refcount: .perFolio)
    let s = try perFolio.reach(path)
    let (outcome, next) = try perFolio.run(.convert, s)
    var expected = s
    expected[subpage: 0].mapped = 0
    #expect(outcome == .eagain)
    #expect(next == expected)
  }

  @Test func aLongPinOnANeighbourBlocksToo() throws {
    let perFolio = model(initShared: true, refcount: .perFolio)
    let s = try perFolio.reach([.fault(3), .dmaMap(3), .request(0...0, to: .private)])
    #expect(try perFolio.outcome(.convert, s) == .eagain)
  }

  @Test func aPinInAnotherFolioDoesNotBlock() throws {
    let perFolio = model(folios: 2, subpages: 2, initShared: true, refcount: .perFolio)
    let s = try perFolio.reach([.fault(0), .fault(2), .pin(2), .request(0...0, to: .private)])
    #expect(try perFolio.outcome(.convert, s) == .ok)
    let same = try perFolio.reach([.fault(0), .fault(1), .pin(1), .request(0...0, to: .private)])
    #expect(try perFolio.outcome(.convert, same) == .eagain)
  }

  @Test func conversionToSharedIgnoresPinsAsByDefault() throws {
    let perFolio = model(refcount: .perFolio)
    let s = try perFolio.reach([
      .access(0), .request(1...1, to: .shared), .convert, .fault(1), .pin(1),
      .request(2...2, to: .shared),
    ])
    #expect(try perFolio.outcome(.convert, s) == .ok)
    let back = try perFolio.reach([.convert, .request(2...2, to: .private)], from: s)
    #expect(try perFolio.outcome(.convert, back) == .eagain)  // p1's pin, to private
  }
}
