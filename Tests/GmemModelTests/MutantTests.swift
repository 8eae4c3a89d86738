import Testing

@testable import GmemModel

/// Each mutant of MODEL.md 4 changes the semantics in one place; each test
/// shows the state with and without the mutant.
@Suite struct MutantTests {
  @Test func skipUnmapOnConvertLeavesThePTEWhichThenBlocksTheConversion() throws {
    let path: [Action] = [.fault(1), .request(1...1, to: .private)]
    let good = try model(initShared: true).reach(path + [.convert])
    #expect(good[subpage: 1] == page(.private, .present))
    // MODEL.md 6.2: the refcount check counts the PTE left in place.
    let bad = model(initShared: true, mutants: [.skipUnmapOnConvert])
    let s = try bad.reach(path)
    let (step, next) = try #require(bad.step(Action(.convert, 1...1, to: .private), from: s))
    #expect(step == Step(Action(.convert, 1...1, to: .private), .eagain, errorOffset: 1))
    #expect(next == s)
    // Skipping the check too converts a mapped page: a leak.
    let both = model(initShared: true, mutants: [.skipUnmapOnConvert, .skipRefcountCheck])
    #expect(try both.reach(path + [.convert])[subpage: 1] == page(.private, .present, mapped: 1))
  }

  @Test func skipUnmapOnConvertAlsoKeepsThePTEsOnEAGAIN() throws {
    let path: [Action] = [.fault(1), .pin(1), .request(1...1, to: .private)]
    let bad = model(initShared: true, mutants: [.skipUnmapOnConvert])
    let (outcome, next) = try bad.run(.convert, try bad.reach(path))
    #expect(outcome == .eagain)
    #expect(next[subpage: 1] == page(.shared, .present, mapped: 1, shortPins: 1))
  }

  @Test func skipRefcountCheckConvertsAPinnedPage() throws {
    let path: [Action] = [.access(0), .fault(1), .pin(1), .request(1...1, to: .private)]
    let good = model(initShared: true)
    let bad = model(initShared: true, mutants: [.skipRefcountCheck])
    #expect(try good.run(.convert, try good.reach(path)).0 == .eagain)
    let (outcome, next) = try bad.run(.convert, try bad.reach(path))
    #expect(outcome == .ok)
    #expect(next[subpage: 1] == page(.private, .present, shortPins: 1))
    #expect(next.request == nil)
  }

  /// The merge that would follow freezes the refcount, which spins on
  /// the pin the mutant let through: the ioctl waits (MODEL.md 6.3).
  @Test func skipRefcountCheckLeavesAMergeSpinningOnThePin() throws {
    let bad = model(mutants: [.skipRefcountCheck])
    let s = try bad.reach([
      .access(0), .request(1...1, to: .shared), .convert, .fault(1), .pin(1), .request(1...1, to: .private),
    ])
    let convert = Action(.convert, 1...1, to: .private)
    #expect(bad.apply(convert, to: s) == nil)
    // The PTE is zapped and p1 made private first; the merge meets the pin.
    guard case .waits(on: 1, held: page(.private, .present, shortPins: 1), pinOrPTE: true) = bad.ioctl(convert, in: s)
    else {
      Issue.record("the ioctl waits on p1's pin")
      return
    }
    #expect(bad.ioctlsSpinningOnPinsOrPTEs(in: s).map(\.0) == [convert])
    #expect(bad.ioctlsSpinningOnPinsOrPTEs(in: s).map(\.1) == [1])
  }

  @Test func freePiecesToBuddyReleasesToHolesOnClose() throws {
    let good = try model(initShared: true).reach([.access(0), .close])
    let bad = try model(initShared: true, mutants: [.freePiecesToBuddy]).reach([.access(0), .close])
    #expect(good[subpage: 1].life == .freed)
    #expect(bad[subpage: 1].life == .hole)
    #expect(bad.layout(ofFolio: 0) == .split)
  }

  @Test func freePiecesToBuddyReleasesAnUnpinnedOrphanToAHole() throws {
    let path: [Action] = [.fault(1), .pin(1), .close, .unpin(1)]
    let good = try model(initShared: true).reach(path)
    let bad = model(initShared: true, mutants: [.freePiecesToBuddy])
    let s = try bad.reach(path)
    #expect(good[subpage: 1].life == .freed)
    #expect(s[subpage: 1] == page(.shared, .hole))
    #expect(bad.enabledKinds(s).isEmpty)
  }

  @Test func mergeWithPinsMergesOverAnOrphanKeepingItsPins() throws {
    let path: [Action] = [.fault(1), .pin(1), .close]
    let good = model(initShared: true)
    #expect(!good.enabled(.merge(0), try good.reach(path)))
    let bad = model(initShared: true, mutants: [.mergeWithPins])
    let (outcome, next) = try bad.run(.merge(0), try bad.reach(path))
    #expect(outcome == .ok)
    #expect(next[subpage: 1] == page(.shared, .hole, shortPins: 1))
    #expect(next[subpage: 0] == page(.shared, .hole))
    #expect(next.layout(ofFolio: 0) == .huge)
  }

  @Test func skipSplitOnShareLeavesAnAllocatedFolioHuge() throws {
    let path: [Action] = [.access(0), .request(1...1, to: .shared), .convert]
    let good = try model().reach(path)
    let bad = model(mutants: [.skipSplitOnShare])
    let s = try bad.reach(path)
    #expect(good.layout(ofFolio: 0) == .split)
    #expect(s.layout(ofFolio: 0) == .huge)
    #expect(s[subpage: 1] == page(.shared, .present))
    #expect(try bad.run(.fault(1), s).0 == .sigbus)
  }

  @Test func skipSplitOnShareStillSplitsAtAllocation() throws {
    let bad = model(mutants: [.skipSplitOnShare])
    let s = try bad.reach([.request(1...1, to: .shared), .convert, .access(0)])
    #expect(s.layout(ofFolio: 0) == .split)
    let late = try bad.reach([.access(0), .request(1...1, to: .shared), .convert])
    #expect(late.layout(ofFolio: 0) == .huge)  // the mutant is on
  }

  @Test func unboundedPinsPinsOncePastTheBound() throws {
    let path: [Action] = [.fault(0), .pin(0)]
    let good = model(initShared: true)
    #expect(!good.enabled(.pin(0), try good.reach(path)))
    let bad = model(initShared: true, mutants: [.unboundedPins])
    let s = try bad.reach(path + [.pin(0)])
    #expect(s[subpage: 0].shortPins == 2)
    #expect(!bad.enabled(.pin(0), s))
    #expect(bad.config.shortPinCeiling == 2)
    #expect(good.config.shortPinCeiling == 1)
  }

  @Test func skipIommuInvalidateKeepsTheIOMMUMappingOfANowPrivatePage() throws {
    let path: [Action] = [.access(0), .dmaMap(1), .request(1...1, to: .private), .convert]
    let good = try model(initShared: true, longTermPins: .pfnCallback).reach(path)
    let bad = try model(
      initShared: true, longTermPins: .pfnCallback, mutants: [.skipIommuInvalidate]
    ).reach(path)
    #expect(good[subpage: 1] == page(.private, .present))
    #expect(bad[subpage: 1] == page(.private, .present, iommuMapped: true))
  }

  @Test func skipIommuInvalidateStillInvalidatesOnPunchAndClose() throws {
    let bad = model(initShared: true, longTermPins: .pfnCallback, mutants: [.skipIommuInvalidate])
    #expect(try bad.reach([.access(0), .dmaMap(1), .punch(0...3)]) == bad.initialState)
    #expect(try bad.reach([.access(0), .dmaMap(1), .close])[subpage: 1] == page(.shared, .freed))
    let converted = try bad.reach([.access(0), .dmaMap(1), .request(1...1, to: .private), .convert])
    #expect(converted[subpage: 1].iommuMapped)  // the mutant is on
  }

  @Test func migratePinnedMovesAPinnedPageLeavingThePinsOnTheOldPage() throws {
    let path: [Action] = [.fault(0), .pin(0)]
    let good = model(subpages: 2, initShared: true, migration: .shared4K, trackData: true)
    #expect(!good.enabled(.migrate(0), try good.reach(path)))
    let bad = model(
      subpages: 2, initShared: true, migration: .shared4K, trackData: true, mutants: [.migratePinned])
    let (outcome, next) = try bad.run(.migrate(0), try bad.reach(path))
    #expect(outcome == .ok)
    #expect(next[subpage: 0] == page(.shared, .present, mapped: 1, shortPins: 1, migrated: true, stalePins: true, pieceFreed: true))
  }

  @Test func migratePinnedLosesTheWriteTheLateUnpinCompletes() throws {
    let good = model(subpages: 2, initShared: true, migration: .shared4K, trackData: true)
    let written = try good.reach([.fault(0), .pin(0), .unpin(0)])
    #expect(written[subpage: 0] == page(.shared, .present, mapped: 1, written: true, expected: true))
    let bad = model(
      subpages: 2, initShared: true, migration: .shared4K, trackData: true, mutants: [.migratePinned])
    let lost = try bad.reach([.fault(0), .pin(0), .migrate(0), .unpin(0)])
    // expected = written but data still zero; no pins left, so no stale pins.
    #expect(lost[subpage: 0] == page(.shared, .present, mapped: 1, expected: true, migrated: true, pieceFreed: true))
    #expect(lost[subpage: 0].written != lost[subpage: 0].expectedWritten)
  }

  @Test func migratePinnedMovesUnpinnedPagesAsTheKnobDoes() throws {
    let path: [Action] = [.fault(0), .migrate(0), .pin(0), .unpin(0)]
    let good = model(subpages: 2, initShared: true, migration: .shared4K, trackData: true)
    let bad = model(
      subpages: 2, initShared: true, migration: .shared4K, trackData: true, mutants: [.migratePinned])
    #expect(try bad.reach(path) == (try good.reach(path)))
    #expect(try bad.reach(path)[subpage: 0].written)
    #expect(bad.enabled(.migrate(0), try bad.reach([.fault(0), .pin(0)])))  // the mutant is on
  }
}
