import Testing

@testable import GmemModel

/// MODEL.md 6.1: the request is the guest's, each ioctl the VMM's; 6.2:
/// every reference blocks conversion to private.
@Suite struct IoctlProtocolTests {
  /// The kernel's own `elevated_refcount` test, on the model: a bulk
  /// conversion fails at the pinned page, every other page converts on
  /// its own, the pinned one fails until it is unpinned, and the last
  /// ioctl answers the request.
  @Test func bulkThenPageByPageAsTheKernelTestDoes() throws {
    let m = model(backing: .base, initShared: true)
    var s = try m.reach([.fault(1), .pin(1), .fault(0), .fault(2), .fault(3), .request(0...3, to: .private)])
    let (bulk, afterBulk) = try #require(m.step(Action(.convert, 0...3, to: .private), from: s))
    #expect(bulk.outcome == .eagain && bulk.errorOffset == 1)
    // The zap stays, all or nothing otherwise: every page still shared.
    #expect((0...3).allSatisfy { afterBulk[subpage: $0].mapped == 0 && afterBulk[subpage: $0].attr == .shared })
    s = afterBulk
    for p in [0, 2, 3] {
      let (step, next) = try #require(m.step(.convertPage(p, to: .private), from: s))
      #expect(step.outcome == .ok && step.errorOffset == nil)
      #expect(next[subpage: p].attr == .private)
      #expect(next.request == Request(0...3, to: .private), "still pending after p\(p)")
      s = next
    }
    let (pinned, same) = try #require(m.step(.convertPage(1, to: .private), from: s))
    #expect(pinned.outcome == .eagain && pinned.errorOffset == 1 && same == s)
    s = try m.reach([.unpin(1)], from: s)
    // The whole-range ioctl is still offered; it converts p1 and answers.
    let (last, done) = try #require(m.step(Action(.convert, 0...3, to: .private), from: s))
    #expect(last.outcome == .ok)
    #expect((0...3).allSatisfy { done[subpage: $0].attr == .private })
    #expect(done.request == nil)
  }

  @Test func thePageThatCompletesTheRangeAnswersTheRequest() throws {
    let m = model(subpages: 2, initShared: true)
    let s = try m.reach([.request(0...1, to: .private), .convertPage(0, to: .private)])
    #expect(s.request != nil)
    let done = try m.reach([.convertPage(1, to: .private)], from: s)
    #expect(done.request == nil)
    // No page ioctl for a page already at the target, nor for a
    // one-subpage request (its page is its whole range).
    #expect(!m.enabled(.convertPage(0, to: .private), s))
    let single = try m.reach([.request(1...1, to: .private)])
    #expect(!m.enabled(.convertPage(1, to: .private), single))
    #expect(m.enabled(Action(.convert, 1...1, to: .private), single))
  }

  @Test func aPTEBlocksAConversionThatSkippedTheZap() throws {
    let m = model(initShared: true, mutants: [.skipUnmapOnConvert])
    let s = try m.reach([.fault(2), .request(2...2, to: .private)])
    #expect(try m.run(.convert, s) == (.eagain, s))
  }

  @Test func abandonAnswersWithFailureOnlyWhenALongTermPinBlocks() throws {
    let m = model(initShared: true)
    let pinned = try m.reach([.fault(1), .dmaMap(1), .request(0...3, to: .private)])
    #expect(m.enabled(.abandon(), pinned))
    let (outcome, after) = try m.run(.abandon(), pinned)
    #expect(outcome == .ok && after.request == nil)
    // The attributes stay as the ioctls left them.
    let half = try m.reach([.convertPage(0, to: .private), .abandon()], from: pinned)
    #expect(half[subpage: 0].attr == .private && half[subpage: 2].attr == .shared && half.request == nil)
    // A short pin is not a reason to give up, nor is a conversion to shared.
    #expect(!m.enabled(.abandon(), try m.reach([.fault(1), .pin(1), .request(0...3, to: .private)])))
    #expect(!m.enabled(.abandon(), try model().reach([.request(0...0, to: .shared)])))
    // perFolio: a long-term pin on a neighbour blocks, so it may give up.
    let folio = model(initShared: true, refcount: .perFolio)
    #expect(folio.enabled(.abandon(), try folio.reach([.fault(1), .dmaMap(1), .request(0...0, to: .private)])))
    #expect(!m.enabled(.abandon(), try m.reach([.fault(1), .dmaMap(1), .request(0...0, to: .private)])))
  }

  @Test func perFolioReportsTheFolioStartAsTheErrorOffset() throws {
    let m = model(initShared: true, refcount: .perFolio)
    let s = try m.reach([.fault(3), .request(1...1, to: .private)])
    let (step, _) = try #require(m.step(Action(.convert, 1...1, to: .private), from: s))
    #expect(step.outcome == .eagain && step.errorOffset == 0)
  }

  @Test func splitNeverRefusesAPageIoctlWithoutEndingAWholeFolioRequest() throws {
    let m = model(initShared: true, split: .never)
    let s = try m.reach([.request(0...3, to: .private)])
    #expect(try m.run(.convertPage(2, to: .private), s) == (.einval, s))
    let (outcome, after) = try m.run(.convert, s)
    #expect(outcome == .ok && after.request == nil)
    let single = try m.reach([.request(2...2, to: .private)])
    let (refused, cleared) = try m.run(.convert, single)
    #expect(refused == .einval && cleared.request == nil && cleared[subpage: 2].attr == .shared)
  }

  @Test func answeredWithSuccessOrFailureIsReadFromTheStates() throws {
    let m = model(initShared: true)
    let s = try m.reach([.fault(1), .dmaMap(1), .request(0...3, to: .private)])
    let abandoned = try m.reach([.abandon()], from: s)
    #expect(m.answer(ofVCPU: 0, from: s, to: abandoned) == .failure)
    let fine = try model(initShared: true).reach([.request(0...3, to: .private)])
    #expect(m.answer(ofVCPU: 0, from: fine, to: try m.reach([.convert], from: fine)) == .success)
    #expect(m.answer(ofVCPU: 0, from: fine, to: fine) == nil)
    #expect(m.changes(from: s, to: abandoned) == ["request f0 to private -> none (answered: failure)"])
  }
}
