import Testing

@testable import GmemModel

/// One way to vary a whole state, and how to read what it varies.
private struct Variation {
  let name: String
  let apply: (inout GmemState) -> Void
}

private let lanes = 0..<GmemState.subpageCapacity

private func variations() -> [Variation] {
  var result: [Variation] = []
  for p in lanes {
    for (field, _, f) in subpageFields {
      for (i, set) in f.enumerated() {
        result.append(Variation(name: "p\(p).\(field)#\(i)") { $0[subpage: p] = set($0[subpage: p]) })
      }
    }
  }
  result.append(Variation(name: "closed") { $0.closed.toggle() })
  for v in 0..<GmemState.vcpuCapacity {
    for first in lanes {
      for last in first..<GmemState.subpageCapacity {
        for to in Attr.allCases {
          result.append(Variation(name: "vCPU\(v) request \(first)-\(last) \(to.name)") {
            $0.setRequest(v, Request(first: first, last: last, to: to))
          })
        }
      }
    }
    result.append(Variation(name: "vCPU\(v) no request") { $0.setRequest(v, nil) })
  }
  for f in 0..<GmemState.layoutCapacity {
    result.append(Variation(name: "layout \(f)") {
      $0.setLayout($0.layout(ofFolio: f) == .huge ? .split : .huge, ofFolio: f)
    })
  }
  return result
}

/// Every field of a state, each as one string.
private func read(_ s: GmemState) -> [String] {
  lanes.map { "p\($0) " + fields(s[subpage: $0]).joined(separator: " ") }
    + ["closed \(s.closed)"]
    + (0..<GmemState.vcpuCapacity).map { "vCPU\($0) request \(String(describing: s.request($0)))" }
    + (0..<GmemState.layoutCapacity).map { "layout \($0) \(s.layout(ofFolio: $0).name)" }
}

private func busyState() -> GmemState {
  var s = GmemState()
  for p in lanes { s[subpage: p] = backgrounds[p % backgrounds.count] }
  s.closed = true
  s.request = Request(first: 3, last: 9, to: .shared)
  s.setRequest(1, Request(first: 14, last: 14, to: .private))
  s.setLayout(.split, ofFolio: 1)
  s.setLayout(.split, ofFolio: 4)
  return s
}

@Suite struct GmemStatePackingTests {
  @Test(arguments: [GmemState(), busyState()])
  func eachVariationChangesOnlyItsOwnField(base: GmemState) {
    let before = read(base)
    for v in variations() {
      var s = base
      v.apply(&s)
      let after = read(s)
      let changed = zip(before, after).filter { $0 != $1 }.map(\.0)
      #expect(changed.count <= 1, "\(v.name) changed \(changed)")
      #expect((s == base) == changed.isEmpty, "\(v.name)")
    }
  }

  @Test(arguments: [GmemState(), busyState()])
  func requestRoundTripsEveryRangeAndTargetAndClears(base: GmemState) {
    for v in 0..<GmemState.vcpuCapacity {
      for first in lanes {
        for last in first..<GmemState.subpageCapacity {
          for to in Attr.allCases {
            var s = base
            let r = Request(first: first, last: last, to: to)
            s.setRequest(v, r)
            #expect(s.request(v) == r)
            #expect(s.request(1 - v) == base.request(1 - v))
            s.setRequest(v, nil)
            #expect(s.request(v) == nil)
            #expect(s.anyRequestPending == (base.request(1 - v) != nil))
            #expect(Array(read(s).dropLast(8)) == Array(read(base).dropLast(8)))
          }
        }
      }
    }
  }

  @Test func eachSubpageLaneHoldsItsOwnValue() {
    var s = GmemState()
    // Every bit of every subpage used, each subpage different.
    let raw = { (p: Int) in UInt32(0x1_FFFF - 0x0101 * p - (p % 2) << 16) }
    for p in lanes { s[subpage: p] = Subpage(raw: raw(p)) }
    #expect(!s.closed && !s.anyRequestPending && s.layout(ofFolio: 4) == .huge)
    s.closed = true
    s.setRequest(0, Request(first: 14, last: 14, to: .shared))
    s.setRequest(1, Request(first: 0, last: 14, to: .shared))
    for f in 0..<GmemState.layoutCapacity { s.setLayout(.split, ofFolio: f) }
    #expect(lanes.map { s[subpage: $0].raw } == lanes.map(raw))
  }

  @Test func globalWordLayoutIsAsDocumented() {
    // w4: bit 0 closed, 1-5 the layouts of folios 0...4, from bit 16 a
    // 16-bit field per vCPU: bit 0 pending, 1 target, 2-5 first, 6-9 last.
    var s = GmemState()
    s.closed = true
    #expect([s.w0, s.w1, s.w2, s.w3, s.w4] == [0, 0, 0, 0, 1])
    s.closed = false
    s.request = Request(first: 3, last: 9, to: .shared)
    #expect(s.w4 == UInt64(0b1001_0011_1_1) << 16)
    s.request = Request(first: 3, last: 9, to: .private)
    #expect(s.w4 == UInt64(0b1001_0011_0_1) << 16)
    s.request = nil
    s.setRequest(1, Request(first: 14, last: 14, to: .shared))
    #expect(s.w4 == UInt64(0b1110_1110_1_1) << 32)
    s.setRequest(1, nil)
    for f in 0..<GmemState.layoutCapacity {
      s.setLayout(.split, ofFolio: f)
      #expect(s.w4 == UInt64(1) << (1 + UInt64(f)), "folio \(f)")
      s.setLayout(.huge, ofFolio: f)
    }
    #expect(s == GmemState())
  }

  @Test func subpageLanesFillTheWordsInOrderAndTransientBitsLane15() {
    var s = GmemState()
    s[subpage: 0] = Subpage(raw: 0x8001)
    s[subpage: 5] = Subpage(raw: 0xFFFF)
    s[subpage: 14] = Subpage(raw: 0x1_4002)
    #expect(s.w0 == 0x8001)
    #expect(s.w1 == 0xFFFF_0000)
    #expect(s.w3 == 0x4000_4002_0000_0000)
    #expect(s.w2 == 0 && s.w4 == 0)
    s[subpage: 3] = page(.private, .present, transient: true)
    #expect(s.w3 == 0x4008_4002_0000_0000)
    s[subpage: 14] = Subpage(raw: 0x4002)
    #expect(s.w3 == 0x0008_4002_0000_0000)
  }

  @Test func statesWithEqualFieldsAreEqualWhateverTheOrderOfWrites() {
    var a = GmemState()
    a.request = Request(first: 2, last: 5, to: .shared)
    a.closed = true
    a.setLayout(.split, ofFolio: 2)
    a[subpage: 7] = page(.shared, .present, mapped: 1)
    var b = GmemState()
    b[subpage: 7] = page(.shared, .orphan, longPins: 3, migrated: true)
    b[subpage: 7] = page(.shared, .present, mapped: 1)
    b.setLayout(.split, ofFolio: 2)
    b.request = Request(first: 0, last: 14, to: .private)
    b.request = Request(first: 2, last: 5, to: .shared)
    b.closed = true
    #expect(a == b)
    #expect(a.fingerprint == b.fingerprint)
  }

  @Test(arguments: [GmemState(), busyState()])
  func fingerprintDiffersForStatesDifferingInOneField(base: GmemState) {
    var prints: [UInt64: String] = [base.fingerprint: "base"]
    for v in variations() {
      var s = base
      v.apply(&s)
      guard s != base else { continue }
      let clash = prints.updateValue(v.name, forKey: s.fingerprint)
      #expect(clash == nil, "\(v.name) has the fingerprint of \(clash ?? "")")
    }
    // The base, and one state per other value: 15 subpages x 21 values
    // (attr 1, life 3, three counters 3 each, eight flags 1 each),
    // closed, 5 layouts, and per vCPU 241 requests (240 and none) less
    // the one the base has.
    #expect(prints.count == 1 + 15 * 21 + 1 + 5 + 2 * 240)
  }
}
