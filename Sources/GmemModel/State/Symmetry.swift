/// Symmetry reduction: every action and property treats the subpages of a
/// folio alike and the folios alike, so a state and any renaming of its
/// subpages within their folios and of its folios (the request's range and
/// the folios' layouts renamed with them) behave the same. The checker may
/// therefore store one representative per orbit: `Canonicalizer`'s.
public enum Symmetry {
  /// A renaming of subpages that keeps folios together: folio `f` becomes
  /// folio `folio[f]`, and subpage `p` (global index) becomes subpage
  /// `subpage[p]`, which lies in folio `folio[p / N]`.
  public struct Permutation: Hashable, Sendable {
    /// Old folio index -> new folio index.
    public let folio: [Int]
    /// Old global subpage index -> new global subpage index.
    public let subpage: [Int]

    public var folios: Int { folio.count }
    public var subpages: Int { subpage.count / max(folio.count, 1) }

    /// `folio[f]` is folio f's new index; `within[f][i]` the new offset,
    /// inside its new folio, of subpage `i` of old folio `f`.
    public init(folio: [Int], within: [[Int]]) {
      precondition(within.count == folio.count && Set(folio) == Set(folio.indices))
      let n = within.first?.count ?? 0
      var subpage: [Int] = []
      for (f, offsets) in within.enumerated() {
        precondition(offsets.count == n && Set(offsets) == Set(0..<n))
        subpage += offsets.map { folio[f] * n + $0 }
      }
      self.folio = folio
      self.subpage = subpage
    }

    public static func identity(folios: Int, subpages: Int) -> Permutation {
      Permutation(
        folio: Array(0..<folios), within: Array(repeating: Array(0..<subpages), count: folios))
    }

    public var inverse: Permutation {
      var folioInverse = folio
      for (f, g) in folio.enumerated() { folioInverse[g] = f }
      var subpageInverse = subpage
      for (p, q) in subpage.enumerated() { subpageInverse[q] = p }
      return Permutation(unchecked: folioInverse, subpageInverse)
    }

    /// Every permutation for F folios of N subpages: F! * (N!)^F of them.
    public static func all(folios: Int, subpages: Int) -> [Permutation] {
      let folioPerms = permutations(of: folios)
      let offsetPerms = permutations(of: subpages)
      // Every choice of an offset permutation per folio.
      var choices: [[[Int]]] = [[]]
      for _ in 0..<folios {
        choices = choices.flatMap { c in offsetPerms.map { c + [$0] } }
      }
      return folioPerms.flatMap { f in choices.map { Permutation(folio: f, within: $0) } }
    }

    private init(unchecked folio: [Int], _ subpage: [Int]) {
      self.folio = folio
      self.subpage = subpage
    }

    private static func permutations(of n: Int) -> [[Int]] {
      guard n > 0 else { return [[]] }
      return permutations(of: n - 1).flatMap { p in
        (0...p.count).map { i in
          var q = p
          q.insert(n - 1, at: i)
          return q
        }
      }
    }
  }
}

extension GmemState {
  /// This state with subpages and folios renamed by `p`: each subpage's
  /// lane and each folio's layout move with it; a one-subpage request
  /// follows its subpage and a whole-folio request its folio. Closed and
  /// the request's target do not change. For the model's states, as
  /// `Canonicalizer` says.
  public func permuted(_ p: Symmetry.Permutation) -> GmemState {
    var n = GmemState()
    for (old, new) in p.subpage.enumerated() { n[subpage: new] = self[subpage: old] }
    for (old, new) in p.folio.enumerated() where new < GmemState.layoutCapacity {
      n.setLayout(layout(ofFolio: old), ofFolio: new)
    }
    n.closed = closed
    if var r = request {
      let size = p.subpages
      if size > 1 && r.first == r.last {
        r.first = p.subpage[r.first]
        r.last = r.first
      } else {
        r.first = p.folio[r.first / size] * size
        r.last = r.first + size - 1
      }
      n.request = r
    }
    return n
  }
}

/// The canonical representative of a state's orbit under the model's
/// symmetry (`Symmetry.Permutation`): exact, so two states have the same
/// canonical form iff a permutation maps one to the other.
///
/// The form: within each folio the subpage lanes in ascending order, then
/// the folios in ascending order of (layout, sorted lanes). The request
/// moves with them, and where equal subpages or equal folios leave a
/// choice, names the first: a one-subpage request on a subpage of value v
/// the first subpage of value v in its sorted folio, a request in a folio
/// the first folio equal to it. Equal ones are interchangeable, so that is
/// a legal renaming, and the request is the only thing telling them apart.
///
/// For the model's states: a pending request names one subpage or one
/// whole folio (`GuestMemfd.ranges`), and with more folios than the state
/// has layouts (base backing only) every layout is huge.
///
/// Hot path: called once per transition, so no allocation (a stack buffer)
/// and, in the common shapes, straight-line code: each gets its own copy
/// with F and N constant, where the loops unroll and the sorts are
/// branch-free sorting networks on registers (`@inline(always)`:
/// `@inline(__always)` left the sort a call with n variable, 3x slower).
/// About 7-17 ns a call for one folio of 3-8 subpages or two of 2-3, 40 ns
/// for five of 3 (release, 2-core Xeon).
public struct Canonicalizer: Sendable {
  public let folios: Int
  public let subpages: Int

  public init(folios: Int, subpages: Int) {
    precondition(folios >= 1 && subpages >= 1 && folios * subpages <= GmemState.subpageCapacity)
    self.folios = folios
    self.subpages = subpages
  }

  public init(_ config: ModelConfig) { self.init(folios: config.folios, subpages: config.subpages) }

  public init(_ model: GuestMemfd) { self.init(model.config) }

  public func canonical(_ s: GmemState) -> GmemState {
    // Every shape with F <= 5 and N <= 8 gets a copy with F and N constant;
    // the rest (one folio of 9 or more, base backing with 6 or more folios)
    // share one with F and N variables, 2-10x slower.
    switch (folios, subpages) {
    case (1, 1): s  // nothing to permute
    case (1, 2): Self.shaped(s, C1.self, C2.self)
    case (1, 3): Self.shaped(s, C1.self, C3.self)
    case (1, 4): Self.shaped(s, C1.self, C4.self)
    case (1, 5): Self.shaped(s, C1.self, C5.self)
    case (1, 6): Self.shaped(s, C1.self, C6.self)
    case (1, 7): Self.shaped(s, C1.self, C7.self)
    case (1, 8): Self.shaped(s, C1.self, C8.self)
    case (2, 1): Self.shaped(s, C2.self, C1.self)
    case (2, 2): Self.shaped(s, C2.self, C2.self)
    case (2, 3): Self.shaped(s, C2.self, C3.self)
    case (2, 4): Self.shaped(s, C2.self, C4.self)
    case (2, 5): Self.shaped(s, C2.self, C5.self)
    case (2, 6): Self.shaped(s, C2.self, C6.self)
    case (2, 7): Self.shaped(s, C2.self, C7.self)
    case (3, 1): Self.shaped(s, C3.self, C1.self)
    case (3, 2): Self.shaped(s, C3.self, C2.self)
    case (3, 3): Self.shaped(s, C3.self, C3.self)
    case (3, 4): Self.shaped(s, C3.self, C4.self)
    case (3, 5): Self.shaped(s, C3.self, C5.self)
    case (4, 1): Self.shaped(s, C4.self, C1.self)
    case (4, 2): Self.shaped(s, C4.self, C2.self)
    case (4, 3): Self.shaped(s, C4.self, C3.self)
    case (5, 1): Self.shaped(s, C5.self, C1.self)
    case (5, 2): Self.shaped(s, C5.self, C2.self)
    case (5, 3): Self.shaped(s, C5.self, C3.self)
    default: Self.general(s, folios, subpages)
    }
  }

  @inline(never)
  private static func shaped<F: Count, N: Count>(_ s: GmemState, _: F.Type, _: N.Type) -> GmemState {
    canonical(s, F.value, N.value)
  }

  @inline(never)
  private static func general(_ s: GmemState, _ f: Int, _ n: Int) -> GmemState {
    canonical(s, f, n)
  }

  @inline(always)
  private static func canonical(_ s: GmemState, _ f: Int, _ n: Int) -> GmemState {
    // On the stack: the lanes, one a slot (15 the global lane), then a key
    // per folio.
    withUnsafeTemporaryAllocation(byteCount: 16 * 8 + 15 * 16, alignment: 16) { buffer in
      let a = buffer.baseAddress!.bindMemory(to: UInt64.self, capacity: 16)
      let keys = (buffer.baseAddress! + 16 * 8).bindMemory(to: FolioKey.self, capacity: 15)
      let words = (s.w0, s.w1, s.w2, s.w3)
      for k in 0..<4 {
        a[k] = (words.0 >> (16 * UInt64(k))) & 0xFFFF
        a[4 + k] = (words.1 >> (16 * UInt64(k))) & 0xFFFF
        a[8 + k] = (words.2 >> (16 * UInt64(k))) & 0xFFFF
        a[12 + k] = (words.3 >> (16 * UInt64(k))) & 0xFFFF
      }
      var global = a[15]
      let pending = global & 2 != 0
      let first = Int((global >> 3) & 0xF)
      let single = pending && n > 1 && first == Int((global >> 7) & 0xF)
      // The request's folio (f when none) and, for a single subpage, its
      // offset once its folio is sorted: the count of smaller lanes there.
      let requestFolio = pending ? first / n : f
      var offset: UInt64 = 0
      if single {
        let word = first < 4 ? words.0 : first < 8 ? words.1 : first < 12 ? words.2 : words.3
        let x = (word >> (16 * UInt64(first & 3))) & 0xFFFF
        for p in 0..<f * n where p / n == requestFolio { offset += a[p] < x ? 1 : 0 }
      }

      for g in 0..<f { sort(a + g * n, n) }

      if f == 1 {
        if single { global = (global & ~0x7F8) | offset << 3 | offset << 7 }
        a[15] = global
        return store(a)
      }

      // Folios with equal keys are identical, so a request goes to the
      // first of them: its place is the count of smaller keys.
      for g in 0..<f {
        keys[g] = FolioKey(layout: (global >> (11 + UInt64(g))) & 1, lanes: a + g * n, n)
      }
      var place = 0
      if pending {
        for g in 0..<f { place += keys[g] < keys[requestFolio] ? 1 : 0 }
      }
      sort(keys, f)

      // Rebuild lanes, layouts and the request from the sorted keys.
      global &= ~(0x7F8 | 0xF800)
      for g in 0..<f {
        keys[g].lanes(a + g * n, n)
        if g < GmemState.layoutCapacity { global |= keys[g].layout << (11 + UInt64(g)) }
      }
      if pending {
        let firstNew = UInt64(place * n) + (single ? offset : 0)
        let lastNew = single ? firstNew : firstNew + UInt64(n - 1)
        global |= firstNew << 3 | lastNew << 7
      }
      a[15] = global
      return store(a)
    }
  }

  @inline(always)
  private static func store(_ a: UnsafeMutablePointer<UInt64>) -> GmemState {
    var s = GmemState()
    s.w0 = a[0] | a[1] << 16 | a[2] << 32 | a[3] << 48
    s.w1 = a[4] | a[5] << 16 | a[6] << 32 | a[7] << 48
    s.w2 = a[8] | a[9] << 16 | a[10] << 32 | a[11] << 48
    s.w3 = a[12] | a[13] << 16 | a[14] << 32 | a[15] << 48
    return s
  }

  /// Everything a folio carries, ordered: layout then sorted lanes,
  /// lexicographically. hi = layout << 48 | lanes 0...2, lo = lanes 3...6
  /// (F >= 2 means N <= 7), each lane more significant than the next.
  private struct FolioKey: Comparable {
    var hi: UInt64
    var lo: UInt64

    @inline(always)
    init(layout: UInt64, lanes a: UnsafeMutablePointer<UInt64>, _ n: Int) {
      hi = layout << 48
      lo = 0
      for k in 0..<n {
        if k < 3 { hi |= a[k] << (32 - 16 * UInt64(k)) } else { lo |= a[k] << (96 - 16 * UInt64(k)) }
      }
    }

    var layout: UInt64 { hi >> 48 }

    @inline(always)
    func lanes(_ a: UnsafeMutablePointer<UInt64>, _ n: Int) {
      for k in 0..<n {
        a[k] = (k < 3 ? hi >> (32 - 16 * UInt64(k)) : lo >> (96 - 16 * UInt64(k))) & 0xFFFF
      }
    }

    @inline(always)
    static func < (x: FolioKey, y: FolioKey) -> Bool { x.hi < y.hi || (x.hi == y.hi && x.lo < y.lo) }
  }

  /// Sorts a[0..<n] ascending: for n <= 8 an optimal sorting network
  /// (Batcher's merge-exchange, checked by the 0-1 principle), whose
  /// compare-exchanges are branch-free and, n being constant in the shaped
  /// copies, straight-line code on registers; else an insertion sort.
  @inline(always)
  private static func sort<T: Comparable>(_ a: UnsafeMutablePointer<T>, _ n: Int) {
    switch n {
    case 0, 1: break
    case 2: c(a, 0, 1)
    case 3: c(a, 0, 2); c(a, 0, 1); c(a, 1, 2)
    case 4: c(a, 0, 2); c(a, 1, 3); c(a, 0, 1); c(a, 2, 3); c(a, 1, 2)
    case 5:
      c(a, 0, 4); c(a, 0, 2); c(a, 1, 3); c(a, 2, 4); c(a, 0, 1); c(a, 2, 3); c(a, 1, 4); c(a, 1, 2)
      c(a, 3, 4)
    case 6:
      c(a, 0, 4); c(a, 1, 5); c(a, 0, 2); c(a, 1, 3); c(a, 2, 4); c(a, 3, 5); c(a, 0, 1); c(a, 2, 3)
      c(a, 4, 5); c(a, 1, 4); c(a, 1, 2); c(a, 3, 4)
    case 7:
      c(a, 0, 4); c(a, 1, 5); c(a, 2, 6); c(a, 0, 2); c(a, 1, 3); c(a, 4, 6); c(a, 2, 4); c(a, 3, 5)
      c(a, 0, 1); c(a, 2, 3); c(a, 4, 5); c(a, 1, 4); c(a, 3, 6); c(a, 1, 2); c(a, 3, 4); c(a, 5, 6)
    case 8:
      c(a, 0, 4); c(a, 1, 5); c(a, 2, 6); c(a, 3, 7); c(a, 0, 2); c(a, 1, 3); c(a, 4, 6); c(a, 5, 7)
      c(a, 2, 4); c(a, 3, 5); c(a, 0, 1); c(a, 2, 3); c(a, 4, 5); c(a, 6, 7); c(a, 1, 4); c(a, 3, 6)
      c(a, 1, 2); c(a, 3, 4); c(a, 5, 6)
    default:
      for i in 1..<n {
        let x = a[i]
        var j = i
        while j > 0 && x < a[j - 1] {
          a[j] = a[j - 1]
          j -= 1
        }
        a[j] = x
      }
    }
  }

  /// Compare-exchange: a[i] <= a[j] afterwards.
  @inline(always)
  private static func c<T: Comparable>(_ a: UnsafeMutablePointer<T>, _ i: Int, _ j: Int) {
    let (x, y) = (a[i], a[j])
    let swap = y < x
    a[i] = swap ? y : x
    a[j] = swap ? x : y
  }
}

/// A number as a type, so that `shaped` is specialized for it.
private protocol Count { static var value: Int { get } }
private enum C1: Count { static var value: Int { 1 } }
private enum C2: Count { static var value: Int { 2 } }
private enum C3: Count { static var value: Int { 3 } }
private enum C4: Count { static var value: Int { 4 } }
private enum C5: Count { static var value: Int { 5 } }
private enum C6: Count { static var value: Int { 6 } }
private enum C7: Count { static var value: Int { 7 } }
private enum C8: Count { static var value: Int { 8 } }

extension GuestMemfd {
  /// The canonical representative of `s`'s orbit (`Canonicalizer`).
  public func canonical(_ s: GmemState) -> GmemState { Canonicalizer(config).canonical(s) }
}
