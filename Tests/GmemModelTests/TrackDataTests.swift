import Testing

@testable import GmemModel

/// `trackData`: content `written` with its ghost `expected`
/// (docs/semantics.md "Design knobs"). Each test compares with the default,
/// where content is never tracked.
@Suite struct TrackDataTests {
  let tracked = model(initShared: true, trackData: true)
  let untracked = model(initShared: true)

  @Test func guestAccessWrites() throws {
    let s = try tracked.reach([.access(1)])
    #expect(s[subpage: 1] == page(.shared, .present, guestMapped: true, written: true, expected: true))
    #expect(s[subpage: 0] == page(.shared, .present))
    #expect(try untracked.reach([.access(1)])[subpage: 1] == page(.shared, .present, guestMapped: true))
  }

  @Test func unpinCompletesAWrite() throws {
    let pinned = try tracked.reach([.fault(1), .pin(1)])
    #expect(!pinned[subpage: 1].written)
    let s = try tracked.reach([.unpin(1)], from: pinned)
    #expect(s[subpage: 1] == page(.shared, .present, mapped: 1, written: true, expected: true))
    #expect(try untracked.reach([.fault(1), .pin(1), .unpin(1)])[subpage: 1] == page(.shared, .present, mapped: 1))
  }

  @Test(arguments: [LongTermPins.allowed, .pfnCallback])
  func dmaUnmapCompletesAWrite(longTermPins: LongTermPins) throws {
    let m = model(initShared: true, longTermPins: longTermPins, trackData: true)
    let s = try m.reach([.fault(1), .dmaMap(1), .dmaUnmap(1)])
    #expect(s[subpage: 1] == page(.shared, .present, mapped: 1, written: true, expected: true))
  }

  @Test func aWriteCompletingOutsideTheFileLeavesNoContent() throws {
    let s = try tracked.reach([.fault(1), .pin(1), .close, .unpin(1)])
    #expect(s[subpage: 1] == page(.shared, .freed))
    #expect(try tracked.reach([.fault(1), .pin(1), .unpin(1)])[subpage: 1].written)
  }

  @Test func singleSubpagePunchOfAHugeFolioZeroesDataAndExpected() throws {
    let s = try tracked.reach([.access(0), .access(1)])
    #expect(s[subpage: 1].written && s[subpage: 1].expectedWritten)
    let (outcome, next) = try tracked.run(.punch(1...1), s)
    #expect(outcome == .ok)
    #expect(next[subpage: 1] == page(.shared, .present))
    #expect(next[subpage: 0] == s[subpage: 0])
  }

  @Test func memoryLeavingTheFileReadsZeroWhenItComesBack() throws {
    let closed = try tracked.reach([.access(0), .close])
    #expect(closed[subpage: 0] == page(.shared, .freed))
    let back = try tracked.reach([.access(0), .access(1), .punch(0...3), .access(1)])
    #expect(back[subpage: 0] == page(.shared, .present))
    #expect(back[subpage: 1] == page(.shared, .present, guestMapped: true, written: true, expected: true))
    let base = model(backing: .base, initShared: true, trackData: true)
    let refault = try base.reach([.access(0), .punch(0...0), .fault(0)])
    #expect(refault[subpage: 0] == page(.shared, .present, mapped: 1))
  }

  /// A state no action reaches: content on a hole, a migrated hole whose
  /// piece is in the pool, stale pins with no pins.
  private func unnormalized(_ m: GuestMemfd) -> GmemState {
    var s = m.initialState
    s[subpage: 1] = page(.shared, .hole, written: true, expected: true)
    s[subpage: 2] = page(.shared, .hole, migrated: true)
    s[subpage: 3] = page(.shared, .present, stalePins: true)
    s.setLife(.present, 0...0)
    return s
  }

  @Test(arguments: [(false, Migration.none), (true, .none), (false, .shared4K)])
  func applyPutsStatesInCanonicalFormWithTrackDataOrMigration(trackData: Bool, migration: Migration) throws {
    let m = model(initShared: true, migration: migration, trackData: trackData)
    let s = unnormalized(m)
    let (_, next) = try m.run(.request(0...0, to: .private), s)
    let normalizes = trackData || migration == .shared4K
    #expect(next[subpage: 1] == (normalizes ? page(.shared, .hole) : s[subpage: 1]))
    #expect(next[subpage: 2] == (normalizes ? page(.shared, .hole) : s[subpage: 2]))
    #expect(next[subpage: 3] == (normalizes ? page(.shared, .present) : s[subpage: 3]))
  }

  @Test func canonicalFormKeepsWhatAnActionCanObserve() throws {
    let m = model(initShared: true, migration: .shared4K, trackData: true)
    var s = m.initialState
    s[subpage: 1] = page(.shared, .present, written: true)  // a lost write stays visible
    s[subpage: 2] = page(.shared, .hole, migrated: true, pieceFreed: true)
    s[subpage: 3] = page(.shared, .present, mapped: 1, shortPins: 1, migrated: true, stalePins: true)
    s[subpage: 0] = page(.shared, .hole, written: true)  // this one goes
    let (_, next) = try m.run(.request(0...0, to: .private), s)
    var expected = s
    expected[subpage: 0] = page(.shared, .hole)
    expected.request = Request(first: 0, last: 0, to: .private)
    #expect(next == expected)
  }
}

/// `conversionContent`: `preserve` (default) keeps content across a
/// conversion; `scrub` zeroes the converted range, data and expected alike.
@Suite struct ConversionContentTests {
  func tracked(_ content: ConversionContent, initShared: Bool = false) -> GuestMemfd {
    model(initShared: initShared, trackData: true, conversionContent: content)
  }

  @Test func conversionToSharedPreservesOrScrubsTheRange() throws {
    let path: [Action] = [.access(0), .access(1), .request(1...1, to: .shared), .convert]
    let kept = try tracked(.preserve).reach(path)
    let scrubbed = try tracked(.scrub).reach(path)
    #expect(kept[subpage: 1] == page(.shared, .present, written: true, expected: true))
    #expect(scrubbed[subpage: 1] == page(.shared, .present))
    #expect(scrubbed[subpage: 0] == kept[subpage: 0])
    #expect(scrubbed[subpage: 0].written)
  }

  @Test func conversionToPrivatePreservesOrScrubsTheRange() throws {
    let path: [Action] = [.access(0), .access(1), .request(0...3, to: .private), .convert]
    let kept = try tracked(.preserve, initShared: true).reach(path)
    let scrubbed = try tracked(.scrub, initShared: true).reach(path)
    #expect((0...1).allSatisfy { kept[subpage: $0] == page(.private, .present, written: true, expected: true) })
    #expect((0...3).allSatisfy { scrubbed[subpage: $0] == page(.private, .present) })
  }

  @Test func aConversionRefusedWithEAGAINScrubsNothing() throws {
    let m = tracked(.scrub, initShared: true)
    let s = try m.reach([.access(1), .fault(1), .pin(1), .request(1...1, to: .private)])
    let (outcome, next) = try m.run(.convert, s)
    #expect(outcome == .eagain)
    #expect(next[subpage: 1] == page(.shared, .present, shortPins: 1, guestMapped: true, written: true, expected: true))
    // The unpin completes a write; the retry converts, and scrubs.
    let retried = try m.reach([.unpin(1), .convert], from: next)
    #expect(retried[subpage: 1] == page(.private, .present))
  }
}
