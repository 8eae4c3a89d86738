extension Canonicalizer {
  /// A renaming that takes `s` to its canonical form:
  /// `s.permuted(renaming(toCanonical: s)) == canonical(s)`.
  public func renaming(toCanonical s: GmemState) -> Symmetry.Permutation {
    let (subpage, folio, vcpu) = renamingMaps(toCanonical: s)
    let n = subpages
    let within = (0..<folios).map { f in (0..<n).map { subpage[f * n + $0] - folio[f] * n } }
    return Symmetry.Permutation(folio: folio, within: within, vcpu: vcpu)
  }

  /// The same renaming as plain maps (old global subpage -> new, old
  /// folio -> new, old vCPU -> new), found by matching the state's folios
  /// and subpages with its canonical form's: each folio of `s` with an
  /// unmatched folio of the form that has the same layout, whole-folio
  /// requests and subpages; each subpage with an equal one there. The
  /// liveness check on the reduced graph asks this once per edge inside
  /// a component, so it allocates only its answer; tests check that it
  /// lands on the canonical form. `form`: `canonical(s)`, if the caller
  /// has it.
  public func renamingMaps(toCanonical s: GmemState, form: GmemState? = nil) -> (subpage: [Int], folio: [Int], vcpu: [Int]) {
    let c = form ?? canonical(s)
    let vcpuMaps = vcpus == 2 && swapsVCPUs ? [[0, 1], [1, 0]] : [Array(0..<vcpus)]
    for v in vcpuMaps {
      if let (subpage, folio) = match(s, c, vcpu: v) { return (subpage, folio, v) }
    }
    preconditionFailure("no renaming takes the state to its canonical form")
  }

  private func match(_ s: GmemState, _ c: GmemState, vcpu: [Int]) -> ([Int], [Int])? {
    let (f, n) = (folios, subpages)
    return withUnsafeTemporaryAllocation(of: UInt64.self, capacity: 4 * 16) { buffer in
      let from = buffer.baseAddress!
      let (to, sortedFrom, sortedTo) = (from + 16, from + 32, from + 48)
      // Per subpage: its fields and the one-subpage requests naming it;
      // per folio: layout and whole-folio requests. Requests tagged with
      // their (renamed) vCPU and target.
      var folioFrom: [UInt64] = Array(repeating: 0, count: f)
      var folioTo = folioFrom
      keys(s, vcpu: vcpu, from, &folioFrom)
      keys(c, vcpu: Array(0..<vcpus), to, &folioTo)
      for p in 0..<f * n {
        sortedFrom[p] = from[p]
        sortedTo[p] = to[p]
      }
      for g in 0..<f {
        Self.sort(sortedFrom + g * n, n)
        Self.sort(sortedTo + g * n, n)
      }
      var subpage = [Int](repeating: -1, count: f * n)
      var folio = [Int](repeating: -1, count: f)
      var taken: UInt32 = 0
      for g in 0..<f {
        var h = 0
        while h < f {
          if taken & (1 << h) == 0 && folioTo[h] == folioFrom[g]
            && (0..<n).allSatisfy({ sortedTo[h * n + $0] == sortedFrom[g * n + $0] })
          {
            break
          }
          h += 1
        }
        guard h < f else { return nil }
        taken |= 1 << h
        folio[g] = h
        var used: UInt32 = 0
        for i in 0..<n {
          var j = 0
          while j < n && (used & (1 << j) != 0 || to[h * n + j] != from[g * n + i]) { j += 1 }
          guard j < n else { return nil }
          used |= 1 << j
          subpage[g * n + i] = h * n + j
        }
      }
      return (subpage, folio)
    }
  }

  private func keys(_ s: GmemState, vcpu: [Int], _ sub: UnsafeMutablePointer<UInt64>, _ folio: inout [UInt64]) {
    for p in 0..<folios * subpages { sub[p] = UInt64(s[subpage: p].raw) << 8 }
    for f in 0..<folios {
      folio[f] = f < GmemState.layoutCapacity && s.layout(ofFolio: f) == .split ? 1 << 8 : 0
    }
    for v in 0..<vcpus {
      guard let r = s.request(v) else { continue }
      let tag = UInt64(r.to == .shared ? 2 : 1) << (2 * UInt64(vcpu[v]))
      if subpages > 1 && r.first == r.last {
        sub[r.first] |= tag
      } else {
        folio[r.first / subpages] |= tag
      }
    }
  }
}
