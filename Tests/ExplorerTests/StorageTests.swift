import TestSupport
import Testing

@testable import Explorer

/// The engine's containers against the standard library's.
@Suite struct StorageTests {
  struct Key: Fingerprinted {
    let value: UInt64
    var fingerprint: UInt64 { value }
  }

  /// Inserts with repeats, across many growths and past the size where
  /// shards move to huge-page mappings, and asks about keys never added.
  @Test(arguments: [false, true])
  func visitedSetAgreesWithSet(exact: Bool) {
    // 3/4 million keys: the 16 shards outgrow TableMemory.threshold.
    let n = 750_000
    var keys = SplitMix64(state: 7)
    let added = (0..<n).map { _ in keys.next() }
    if exact { check(ExactEntry<Key>.self, added) } else { check(FingerprintEntry<Key>.self, added) }
  }

  /// `lean`: the keys are well spread, so the table must be 70-87% full.
  /// Returns the set, for further checks.
  @discardableResult
  func check<Entry: VisitedEntry>(
    _: Entry.Type, _ added: [UInt64], lean: Bool = true
  ) -> VisitedSet<Entry> where Entry.State == Key {
    let set = VisitedSet<Entry>()
    var truth = Set<UInt64>()
    var disagreements = 0
    for (i, k) in added.enumerated() {
      // Every third key again: a repeat must not count as new.
      let key = i % 3 == 2 ? added[i / 2] : k
      let entry = Entry(Key(value: key), fingerprint: key)
      if set.insert(entry) != truth.insert(key).inserted { disagreements += 1 }
    }
    #expect(disagreements == 0)
    #expect(set.count == truth.count)
    for k in truth where !set.contains(Entry(Key(value: k), fingerprint: k)) { disagreements += 1 }
    var other = SplitMix64(state: 99)
    for _ in 0..<10_000 {
      let k = other.next()
      if set.contains(Entry(Key(value: k), fingerprint: k)) != truth.contains(k) { disagreements += 1 }
    }
    #expect(disagreements == 0)
    #expect(set.bytes >= truth.count * MemoryLayout<Entry>.stride)
    if lean { #expect(set.bytes <= truth.count * MemoryLayout<Entry>.stride * 3 / 2) }
    return set
  }

  /// Keys that all want the last slot of one shard: one long run that
  /// wraps around to the start, again after every growth.
  @Test(arguments: [false, true])
  func runsThatWrapAroundAShard(exact: Bool) {
    let keys = (1...3000).map { UInt64($0) << 32 | 0xFFFF_FFFF }
    let doubled = keys + keys.reversed()
    if exact {
      check(ExactEntry<Key>.self, doubled, lean: false)
    } else {
      check(FingerprintEntry<Key>.self, doubled, lean: false)
    }
  }

  /// Issue 4's budget is 16 bytes a state with its 5 bytes of trace
  /// links: so the set must never fall below 8/11 full (11 bytes a
  /// fingerprint), not even just after a shard grew. Checked after every
  /// insert, once no shard is still at its first, tiny capacity.
  @Test func fingerprintsNeverCostMoreThanElevenBytes() {
    let set = VisitedSet<FingerprintEntry<Key>>()
    var keys = SplitMix64(state: 5)
    var (sizesOver, firstOver) = (0, 0)
    for n in 1...300_000 {
      set.insert(FingerprintEntry(Key(value: 0), fingerprint: keys.next()))
      if n >= 20_000 && set.bytes * 8 > n * MemoryLayout<UInt64>.stride * 11 {
        if sizesOver == 0 { firstOver = n }
        sizesOver += 1
      }
    }
    #expect(set.count == 300_000)
    #expect(sizesOver == 0, "over 11 bytes a fingerprint at \(sizesOver) sizes, the first \(firstOver)")
  }

  /// Two keys with one fingerprint: exact storage keeps both, fingerprints
  /// one (the collision the report's probability is about).
  @Test func exactEntriesTellCollidingStatesApart() {
    let exact = VisitedSet<ExactEntry<Key>>()
    #expect(exact.insert(ExactEntry(Key(value: 1), fingerprint: 42)))
    #expect(exact.insert(ExactEntry(Key(value: 2), fingerprint: 42)))
    #expect(exact.count == 2)
    let hashed = VisitedSet<FingerprintEntry<Key>>()
    #expect(hashed.insert(FingerprintEntry(Key(value: 1), fingerprint: 42)))
    #expect(!hashed.insert(FingerprintEntry(Key(value: 2), fingerprint: 42)))
  }

  @Test func tableMemoryIsUsableAtEverySize() {
    for count in [1, 1000, (TableMemory.threshold / 8) - 1, TableMemory.threshold / 8, 3 << 20] {
      guard let p = TableMemory.allocate(UInt64.self, count: count) else {
        Issue.record("no memory for \(count) entries")
        continue
      }
      #if canImport(Glibc)
        // Huge pages need 2 MiB alignment.
        if count * 8 >= TableMemory.threshold { #expect(Int(bitPattern: p) % TableMemory.hugePage == 0) }
      #endif
      p.initialize(repeating: 5, count: count)
      p[count - 1] = 7
      #expect((count == 1 || p[0] == 5) && p[count - 1] == 7)
      p.deinitialize(count: count)
      TableMemory.deallocate(p, count: count)
    }
  }

  /// The system refusing a big table is an answer (the search stops),
  /// not a crash.
  @Test func tableMemoryThatTheSystemRefusesIsNil() {
    #if canImport(Glibc)
      #expect(TableMemory.allocate(UInt64.self, count: 1 << 57) == nil)
    #endif
  }

  @Test func bufferAppendsGrowsAndRefills() {
    var b = Buffer<Int>(capacity: 1)
    defer { b.free() }
    for i in 0..<1000 { b.append(i) }
    #expect(b.count == 1000)
    #expect((0..<1000).allSatisfy { b[$0] == $0 })
    #expect(Array(b.slice(0, 3)) == [0, 1, 2])
    #expect(Array(b.slice(998, 1000)) == [998, 999])
    b.fill(3000, with: 9)
    #expect(b.count == 3000 && b[2999] == 9 && b[0] == 9)
    b.removeAll()
    #expect(b.count == 0)
  }

  /// Non-trivial elements: the buffer must release what it drops.
  @Test func bufferReleasesWhatItHolds() {
    let live = LiveCount()
    do {
      var b = Buffer<Counted>()
      for _ in 0..<100 { b.append(Counted(live)) }
      #expect(live.value == 100)
      b.removeAll()
      #expect(live.value == 0)
      b.append(Counted(live))
      b.free()
    }
    #expect(live.value == 0)
  }

  @Test func chunkedArrayAppendsAcrossChunks() {
    let a = ChunkedArray<UInt32>()
    let chunk = ChunkedArray<UInt32>.chunkSize
    let first = (0..<(chunk - 3)).map { UInt32($0) }
    let second = (0..<(2 * chunk + 10)).map { UInt32($0 + 1_000_000_000) }
    first.withUnsafeBufferPointer { a.append(contentsOf: $0) }
    a.append(77)
    second.withUnsafeBufferPointer { a.append(contentsOf: $0) }
    let expected = first + [77] + second
    #expect(a.count == expected.count)
    #expect(expected.indices.allSatisfy { a[$0] == expected[$0] })
    a.withReader { r in #expect(expected.indices.allSatisfy { r[$0] == expected[$0] }) }
    // Emptied, it keeps its chunks and refills them.
    let bytes = a.bytes
    a.removeAll()
    #expect(a.isEmpty && a.bytes == bytes)
    let refill = (0..<(chunk + 5)).map { UInt32($0 * 3) }
    refill.withUnsafeBufferPointer { a.append(contentsOf: $0) }
    #expect(a.count == refill.count && a.bytes == bytes)
    #expect(refill.indices.allSatisfy { a[$0] == refill[$0] })
  }

  /// Elements that own memory: each chunk is filled on allocation and
  /// freed whole, so nothing leaks and nothing is freed twice.
  @Test func chunkedArrayReleasesWhatItHolds() {
    let live = LiveCount()
    do {
      let a = ChunkedArray<Counted>()
      for _ in 0..<(ChunkedArray<Counted>.chunkSize + 1) { a.append(Counted(live)) }
      #expect(live.value == ChunkedArray<Counted>.chunkSize + 1)
      a.removeAll()
      a.append(Counted(live))
    }
    #expect(live.value == 0)
  }
}

/// How many `Counted` made with this counter are alive: a counter per
/// test, not a static one, because tests run at the same time.
final class LiveCount {
  var value = 0
}

/// An element that owns memory, to show a container releases it.
final class Counted {
  let live: LiveCount
  init(_ live: LiveCount) {
    self.live = live
    live.value += 1
  }
  deinit { live.value -= 1 }
}
