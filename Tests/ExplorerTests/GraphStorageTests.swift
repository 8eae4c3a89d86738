import Synchronization
import TestSupport
import Testing

@testable import Explorer

/// The graph engine's own containers against the standard library's.
@Suite struct GraphStorageTests {
  /// Numbers in the order fingerprints first came, across many growths
  /// (the tag narrowing as the numbers widen), with repeats and keys never
  /// added; `spread` false makes fingerprints that share their low 32 bits
  /// (one home slot: long runs) or their top bits (one tag).
  @Test(arguments: [0, 1, 2])
  func numberIndexAgreesWithADictionary(shape: Int) {
    let n = shape == 0 ? 300_000 : 3_000
    var random = SplitMix64(state: 11)
    let keys: [UInt64] = (0..<n).map { i in
      let r = random.next()
      switch shape {
      case 1: return r << 32 | 0x1234  // one home slot
      case 2: return 0xABCD << 48 | (r & 0xFFFF_FFFF_FFFF)  // one tag
      default: return r
      }
    }
    let index = NumberIndex()
    var truth: [UInt64: Int] = [:]
    var wrong = 0
    for (i, k) in keys.enumerated() {
      // Every third key again: a repeat keeps its number.
      let key = i % 3 == 2 ? keys[i / 2] : k
      let expected = truth[key]
      guard let (number, inserted) = index.insert(key) else {
        Issue.record("refused")
        return
      }
      if let expected {
        if inserted || number != expected { wrong += 1 }
      } else {
        if !inserted || number != truth.count { wrong += 1 }
        truth[key] = number
      }
    }
    #expect(wrong == 0)
    #expect(index.count == truth.count)
    #expect(truth.allSatisfy { index.find($0.key) == $0.value })
    #expect(index.fingerprints.elements == truth.sorted { $0.value < $1.value }.map(\.key))
    // Keys never added: the same low bits, or the same top bits, as some.
    var missing = 0
    for k in keys.prefix(1000) where truth[k ^ 1 << 40] == nil && truth[k ^ 1] == nil {
      if index.find(k ^ 1 << 40) != nil || index.find(k ^ 1) != nil { missing += 1 }
    }
    #expect(missing == 0)
    // Lean: 4 bytes a slot, 73-87% full, plus 8 a fingerprint (counted
    // by the chunk, which a small index does not fill).
    if shape == 0 {
      let tableBytes = Double(index.bytes - index.fingerprints.bytes) / Double(index.count)
      #expect((4.5...5.6).contains(tableBytes), "\(tableBytes) bytes a state")
    }
  }

  /// Threads read while nobody inserts, each with its own reader.
  @Test func numberIndexReadersAgreeOnThreads() {
    let index = NumberIndex()
    var random = SplitMix64(state: 5)
    let keys = (0..<50_000).map { _ in random.next() }
    for k in keys { _ = index.insert(k) }
    let wrong = Atomic<Int>(0)
    parallel(3) { t in
      index.withReader { reader in
        for (i, k) in keys.enumerated() where i % 3 == t {
          reader.prefetch(k)
          reader.prefetchFingerprint(k)
          if reader.find(k) != i || reader.find(~k) != nil { wrong.add(1, ordering: .relaxed) }
        }
      }
    }
    #expect(wrong.load(ordering: .relaxed) == 0)
  }

  /// Row starts from degrees and every 16th start, against a plain array
  /// of starts; degrees of 255 and more among them.
  @Test func rowIndexAgreesWithStarts() {
    var random = SplitMix64(state: 3)
    let rows = RowIndex()
    var starts = [0]
    for i in 0..<5_000 {
      let degree = i % 97 == 0 ? 255 + Int(random.next() % 600) : Int(random.next() % 40)
      starts.append(starts.last! + degree)
      rows.append(rowEnd: starts.last!)
    }
    #expect(rows.count == 5_000)
    #expect(rows.starts == starts)
    #expect((0...5_000).allSatisfy { rows.start($0) == starts[$0] })
    #expect((0..<5_000).allSatisfy { rows.row($0) == starts[$0]..<starts[$0 + 1] })
    #expect(rows.end == starts.last!)
  }
}
