/// An abstract state's occupied keys in order, for its representatives.
extension AbstractFolios {
  /// Each folio's occupied keys, ascending, in one buffer: folio f's are
  /// `keys[range(f)]`. Valid only inside `withKeys`.
  struct SortedKeys {
    var keys: UnsafeMutableBufferPointer<UInt32>
    var bounds: UnsafeMutableBufferPointer<Int>

    func count(_ f: Int) -> Int { bounds[f + 1] - bounds[f] }
    func range(_ f: Int) -> Range<Int> { bounds[f]..<bounds[f + 1] }
  }

  /// Calls `use` with `a`'s keys, sorted on the stack: successors and
  /// representatives follow key order, not the order `KeyTable` numbered
  /// them in (which differs between runs with several threads). O(k^2)
  /// for k keys, a few dozen at most.
  @inline(__always)
  func withKeys<R>(of a: AbstractState, _ use: (SortedKeys) -> R) -> R {
    withUnsafeTemporaryAllocation(of: UInt32.self, capacity: KeyTable.capacity) { keys in
      withUnsafeTemporaryAllocation(of: Int.self, capacity: folios + 1) { bounds in
        // (folio << 17 | key) values, insertion-sorted: folio, then key.
        var count = 0
        a.forEachOccupied { i in
          let p = keyTable.pairs[i]
          var j = count
          while j > 0 && keys[j - 1] > p {
            keys[j] = keys[j - 1]
            j -= 1
          }
          keys[j] = p
          count += 1
          return true
        }
        var f = 0
        bounds[0] = 0
        for j in 0..<count {
          let folio = Int(keys[j] >> UInt32(KeyTable.keyBits))
          while f < folio {
            f += 1
            bounds[f] = j
          }
          keys[j] &= 1 << UInt32(KeyTable.keyBits) - 1
        }
        while f < folios {
          f += 1
          bounds[f] = count
        }
        return use(SortedKeys(keys: keys, bounds: bounds))
      }
    }
  }
}

extension AbstractFolios {
  /// Whether `test` holds of every subpage of every concrete state `a`
  /// stands for: of each occupied key and each marked subpage's key, read
  /// as a `Subpage`. An "every subpage is ..." check without building a
  /// representative (`ContentInduction` makes one per transition).
  public func everySubpage(of a: AbstractState, _ test: (Subpage) -> Bool) -> Bool {
    guard a.forEachOccupied({ test(Subpage(raw: keyTable.pair($0).key)) }) else { return false }
    for v in 0..<vcpus {
      if let key = a.markKey(v), !test(Subpage(raw: key)) { return false }
    }
    return true
  }
}

extension AbstractState {
  /// Calls `body` with the number of each occupied pair, in number order,
  /// until it returns false; whether it ran to the end.
  @inline(__always) @discardableResult
  func forEachOccupied(_ body: (Int) -> Bool) -> Bool {
    for w in 0..<4 {
      var word = occupied[w]
      while word != 0 {
        let i = w << 6 | word.trailingZeroBitCount
        word &= word &- 1
        if !body(i) { return false }
      }
    }
    return true
  }
}
