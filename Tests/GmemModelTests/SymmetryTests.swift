import TestSupport
import Testing

@testable import GmemModel

extension SplitMix64 {
  /// A uniformly random permutation of 0..<n (Fisher-Yates).
  mutating func permutation(_ n: Int) -> [Int] {
    var a = Array(0..<n)
    for i in stride(from: n - 1, to: 0, by: -1) { a.swapAt(i, below(i + 1)) }
    return a
  }

  mutating func permutation(folios f: Int, subpages n: Int, vcpus v: Int = 1) -> Symmetry.Permutation {
    Symmetry.Permutation(
      folio: permutation(f), within: (0..<f).map { _ in permutation(n) }, vcpu: permutation(v))
  }

  mutating func permutation(of m: GuestMemfd) -> Symmetry.Permutation {
    permutation(folios: m.config.folios, subpages: m.config.subpages, vcpus: m.config.vcpus)
  }
}

/// Configurations covering every knob that touches folios, requests and
/// layouts, from tiny to the largest shapes the packed state holds.
private let configs: [(String, GuestMemfd)] = [
  ("F1 N3", model(folios: 1, subpages: 3)),
  ("F2 N2", model(folios: 2, subpages: 2)),
  ("F2 N2 base", model(folios: 2, subpages: 2, backing: .base)),
  ("F3 N1", model(folios: 3, subpages: 1)),
  ("F3 N1 base", model(folios: 3, subpages: 1, backing: .base)),
  ("F2 N2 shared4K trackData", model(folios: 2, subpages: 2, migration: .shared4K, trackData: true)),
  ("F1 N3 shared4K initShared", model(folios: 1, subpages: 3, initShared: true, migration: .shared4K)),
  ("F2 N3 perFolio quiesce",
   model(folios: 2, subpages: 3, refcount: .perFolio, assume: [.hostQuiescesDuringConversion])),
  ("F2 N2 split never", model(folios: 2, subpages: 2, split: .never)),
  ("F2 N2 atCreation pfnCallback",
   model(folios: 2, subpages: 2, split: .atCreation, longTermPins: .pfnCallback)),
  ("F1 N3 transientRefs", model(folios: 1, subpages: 3, transientRefs: true)),
  ("F2 N2 vcpus 2", model(folios: 2, subpages: 2, vcpus: 2)),
  ("F1 N4 vcpus 2 transientRefs", model(folios: 1, subpages: 4, transientRefs: true, vcpus: 2)),
  ("F2 N3 vcpus 2 einval perFolio",
   model(folios: 2, subpages: 3, refcount: .perFolio, partialPunch: .einval, vcpus: 2)),
  ("F1 N8", model(folios: 1, subpages: 8)),
  ("F2 N7", model(folios: 2, subpages: 7)),
  ("F3 N5", model(folios: 3, subpages: 5, initShared: true)),
  ("F5 N3", model(folios: 5, subpages: 3)),
  ("F15 N1 base", model(folios: 15, subpages: 1, backing: .base)),
  ("F1 N15 base", model(folios: 1, subpages: 15, backing: .base)),
]

/// Models small enough for brute force over every permutation.
private let small: [String: GuestMemfd] = [
  "F1 N3": model(folios: 1, subpages: 3),
  "F3 N1": model(folios: 3, subpages: 1),
  "F2 N1 shared4K trackData": model(folios: 2, subpages: 1, migration: .shared4K, trackData: true),
  "F2 N2": model(folios: 2, subpages: 2),
  "F2 N3": model(folios: 2, subpages: 3),
  "F3 N2 base": model(folios: 3, subpages: 2, backing: .base),
  "F2 N2 shared4K trackData": model(folios: 2, subpages: 2, migration: .shared4K, trackData: true),
  "F1 N3 vcpus 2": model(folios: 1, subpages: 3, vcpus: 2),
  "F1 N2 vcpus 2": model(folios: 1, subpages: 2, vcpus: 2),
  "F1 N2 vcpus 2 transientRefs": model(folios: 1, subpages: 2, transientRefs: true, vcpus: 2),
  "F2 N2 vcpus 2 transientRefs": model(folios: 2, subpages: 2, transientRefs: true, vcpus: 2),
  "F2 N1 vcpus 2": model(folios: 2, subpages: 1, vcpus: 2),
]

/// Reachable states: those random walks of up to 60 steps pass through,
/// deeper and more varied than a prefix of the breadth-first order.
private func sample(_ m: GuestMemfd, _ count: Int, _ rng: inout SplitMix64) -> [GmemState] {
  var result: [GmemState] = []
  while result.count < count {
    var s = m.initialState
    for _ in 0..<rng.below(60) {
      var next: [GmemState] = []
      m.forEachSuccessor(of: s) { _, t in next.append(t) }
      if next.isEmpty || result.count == count { break }
      s = next[rng.below(next.count)]
      result.append(s)
    }
  }
  return result
}

private func orbit(_ s: GmemState, _ perms: [Symmetry.Permutation]) -> Set<GmemState> {
  Set(perms.map { s.permuted($0) })
}

private func factorial(_ n: Int) -> Int { (1...max(n, 1)).reduce(1, *) }

private func counts(_ states: [GmemState]) -> [GmemState: Int] {
  states.reduce(into: [:]) { $0[$1, default: 0] += 1 }
}

struct SymmetryTests {
  @Test func worksOnAnExample() {
    // One folio: [present shared, hole, hole] with a pending request on
    // subpage 0 sorts to [hole, hole, present shared], request on 2.
    let m = model(folios: 1, subpages: 3)
    var s = m.initialState
    s[subpage: 0] = page(.shared, .present)
    s.request = Request(first: 0, last: 0, to: .private)
    var expected = m.initialState
    expected[subpage: 2] = page(.shared, .present)
    expected.request = Request(first: 2, last: 2, to: .private)
    #expect(m.canonical(s) == expected)
  }

  @Test func permutationsInvert() {
    var rng = SplitMix64(state: 1)
    for (f, n) in [(1, 1), (1, 5), (3, 2), (5, 3), (15, 1)] {
      let m = model(folios: f, subpages: n, backing: f > 5 ? .base : .huge)
      let p = rng.permutation(of: m)
      #expect(p.inverse.inverse == p)
      #expect(Symmetry.Permutation.identity(folios: f, subpages: n).inverse.subpage == Array(0..<f * n))
      for s in sample(m, 20, &rng) { #expect(s.permuted(p).permuted(p.inverse) == s) }
    }
    #expect(Symmetry.Permutation.all(folios: 2, subpages: 3).count == 2 * 6 * 6)
    #expect(Set(Symmetry.Permutation.all(folios: 3, subpages: 2)).count == 6 * 8)
    #expect(Set(Symmetry.Permutation.all(folios: 2, subpages: 2, vcpus: 2)).count == 2 * 4 * 2)
    let m = model(folios: 2, subpages: 2, vcpus: 2)
    let p = rng.permutation(of: m)
    #expect(p.inverse.inverse == p)
    for s in sample(m, 50, &rng) { #expect(s.permuted(p).permuted(p.inverse) == s) }
  }

  @Test func twoOneSubpageRequestsOnEqualSubpagesStayApart() {
    // p0 and p1 read the same; each vCPU's request names one of them. The
    // canonical form must keep them on two subpages (marks in the keys).
    let m = model(folios: 1, subpages: 3, vcpus: 2)
    var s = m.initialState
    s[subpage: 2] = page(.shared, .present)
    s.setRequest(0, Request(first: 0, last: 0, to: .shared))
    s.setRequest(1, Request(first: 1, last: 1, to: .shared))
    let c = m.canonical(s)
    #expect(c.request(0) != nil && c.request(1) != nil)
    #expect(c.request(0)!.first != c.request(1)!.first)
    // The same subpage asked by both stays one subpage.
    s.setRequest(1, Request(first: 0, last: 0, to: .private))
    let d = m.canonical(s)
    #expect(d.request(0)!.first == d.request(1)!.first)
    // Swapping the vCPUs is a renaming.
    var t = s
    t.setRequest(0, s.request(1))
    t.setRequest(1, s.request(0))
    #expect(m.canonical(t) == d)
  }

  @Test(arguments: configs.indices)
  func idempotentAndInvariant(_ i: Int) {
    let (name, m) = configs[i]
    var rng = SplitMix64(state: UInt64(i))
    for s in sample(m, 1000, &rng) {
      let c = m.canonical(s)
      #expect(m.canonical(c) == c, "\(name)")
      for _ in 0..<4 {
        let p = rng.permutation(of: m)
        #expect(m.canonical(s.permuted(p)) == c, "\(name)")
      }
    }
  }

  /// Every shape F x N <= 15 (each has its own code path and sorting
  /// network), on arbitrary states: lanes from a few values (ties) and
  /// extremes, any layouts, a one-subpage or whole-folio request or none.
  /// Exactness by brute force where the group is small.
  @Test func everyShape() {
    var rng = SplitMix64(state: 3)
    for f in 1...15 {
      for n in 1...15 / f {
        for v in 1...GmemState.vcpuCapacity {
          let canon = Canonicalizer(folios: f, subpages: n, vcpus: v)
          let order = factorial(f) * (0..<f).reduce(1) { product, _ in product * factorial(n) } * factorial(v)
          let perms = order <= 1500 ? Symmetry.Permutation.all(folios: f, subpages: n, vcpus: v) : []
          for _ in 0..<60 {
            var s = GmemState()
            let values: [UInt32] = [
              0, 1, 2, 0x8001, 0xFFFF, 0x1_0000, 0x1_FFFF, UInt32(truncatingIfNeeded: rng.next()) & 0x1_FFFF,
            ]
            for p in 0..<f * n { s[subpage: p] = Subpage(raw: values[rng.below(values.count)]) }
            // More folios than layouts is base backing: layouts all huge.
            for g in 0..<f where f <= GmemState.layoutCapacity && rng.below(2) == 0 {
              s.setLayout(.split, ofFolio: g)
            }
            s.closed = rng.below(2) == 0
            for vcpu in 0..<v {
              let p = rng.below(f * n)
              let to = rng.below(2) == 0 ? Attr.private : .shared
              switch rng.below(3) {
              case 0: s.setRequest(vcpu, Request(first: p, last: p, to: to))
              case 1: s.setRequest(vcpu, Request(first: p - p % n, last: p - p % n + n - 1, to: to))
              default: break
              }
            }
            let c = canon.canonical(s)
            let shape = "F\(f) N\(n) V\(v)"
            #expect(canon.canonical(c) == c, "\(shape)")
            let q = rng.permutation(folios: f, subpages: n, vcpus: v)
            #expect(canon.canonical(s.permuted(q)) == c, "\(shape)")
            if !perms.isEmpty { #expect(perms.contains { s.permuted($0) == c }, "\(shape)") }
          }
        }
      }
    }
  }

  /// Exactness, by brute force over every permutation: s lies in the
  /// orbit of canonical(s) (so canonical(s) is a renaming of s, and states
  /// with one canonical form share an orbit), and every renaming of s has
  /// s's canonical form (so an orbit has one canonical form). Every
  /// reachable state of small models; random reachable ones of larger.
  @Test(arguments: [
    ("F1 N3", 0), ("F3 N1", 0), ("F2 N1 shared4K trackData", 0), ("F2 N2", 2000), ("F2 N3", 500),
    ("F3 N2 base", 500), ("F2 N2 shared4K trackData", 2000), ("F1 N3 vcpus 2", 3000),
    ("F1 N2 vcpus 2", 0), ("F1 N2 vcpus 2 transientRefs", 5000), ("F2 N2 vcpus 2 transientRefs", 2000),
    ("F2 N1 vcpus 2", 0),
  ])
  func exact(_ name: String, samples: Int) {
    let m = small[name]!
    let c = m.config
    let perms = Symmetry.Permutation.all(folios: c.folios, subpages: c.subpages, vcpus: c.vcpus)
    var rng = SplitMix64(state: 7)
    let states = samples == 0 ? Array(m.reachableStates()) : sample(m, samples, &rng)
    var orbits: [GmemState: Set<GmemState>] = [:]
    for s in states {
      let c = m.canonical(s)
      if orbits[c] == nil { orbits[c] = orbit(c, perms) }
      #expect(orbits[c]!.contains(s))
      for p in perms { #expect(m.canonical(s.permuted(p)) == c) }
    }
  }

  /// The canonical classes of the reachable states are the orbits, counted
  /// by brute force; the model being symmetric, every orbit is reachable.
  @Test(arguments: ["F1 N3", "F3 N1", "F1 N2 vcpus 2", "F2 N1 vcpus 2"])
  func classCountIsOrbitCount(_ name: String) {
    let m = small[name]!
    let c = m.config
    let perms = Symmetry.Permutation.all(folios: c.folios, subpages: c.subpages, vcpus: c.vcpus)
    let reachable = m.reachableStates()
    var covered: Set<GmemState> = []
    var orbitCount = 0
    for s in reachable where !covered.contains(s) {
      let o = orbit(s, perms)
      #expect(o.isSubset(of: reachable))
      covered.formUnion(o)
      orbitCount += 1
    }
    let classes = Set(reachable.map(m.canonical))
    #expect(classes.count == orbitCount)
    #expect(classes.count < reachable.count)
  }

  /// What makes the reduction sound: renaming a state renames its
  /// successors (so their canonical forms agree) and keeps `isProperEnd`.
  @Test(arguments: configs.indices)
  func modelIsSymmetric(_ i: Int) {
    let (name, m) = configs[i]
    var rng = SplitMix64(state: 100 + UInt64(i))
    for s in sample(m, 400, &rng) {
      let p = rng.permutation(of: m)
      let t = s.permuted(p)
      var fromS: [GmemState] = []
      var fromT: [GmemState] = []
      var outcomesS: [Outcome] = []
      var outcomesT: [Outcome] = []
      m.forEachSuccessor(of: s) { step, n in
        fromS.append(n)
        outcomesS.append(step.outcome)
      }
      m.forEachSuccessor(of: t) { step, n in
        fromT.append(n)
        outcomesT.append(step.outcome)
      }
      #expect(counts(fromS.map { $0.permuted(p) }) == counts(fromT), "\(name)")
      #expect(counts(fromS.map(m.canonical)) == counts(fromT.map(m.canonical)), "\(name)")
      #expect(outcomesS.map(\.name).sorted() == outcomesT.map(\.name).sorted(), "\(name)")
      #expect(m.isProperEnd(s) == m.isProperEnd(t), "\(name)")
    }
  }
}
