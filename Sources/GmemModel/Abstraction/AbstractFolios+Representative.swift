/// Representatives: the concrete states the abstraction runs the model on.
extension AbstractFolios {
  struct Representative {
    /// Subpages per folio.
    var n: Int
    var state: WideState
    /// The lanes of marked subpages.
    var markedLanes: [Int]
    /// The first lane of the acting key, if one was asked for.
    var actingLane: Int?
  }

  /// A representative of `a`: per folio its marked subpages, then each
  /// occupied key once, then `acting`'s key `copies - 1` more times in its
  /// folio, padded to a common N >= 2 with copies of a key the folio has
  /// (in the acting folio, not the acting key, so that `copies` is its
  /// count). Nil when no concrete state fits that shape (a folio with
  /// nothing to pad with), or past `WideState.capacity` (`overflow` set).
  func representative(of a: AbstractState, acting: (folio: Int, key: UInt32, copies: Int)? = nil)
    -> Representative?
  {
    let keys = a.folioKeys
    // Marked subpages per folio: (key, vCPUs whose request names it).
    var marks = Array(repeating: [(key: UInt32, vcpus: [Int])](), count: folios)
    for v in 0..<config.vcpus {
      guard let r = a.request(v), !r.wholeFolio, let key = a.markKey(v) else { continue }
      if r.sameAsVCPU0, let i = marks[r.folio].firstIndex(where: { $0.vcpus == [0] }) {
        marks[r.folio][i].vcpus.append(v)
      } else {
        marks[r.folio].append((key, [v]))
      }
    }
    var need = (0..<folios).map { marks[$0].count + keys[$0].count }
    if let act = acting { need[act.folio] += act.copies - 1 }
    let n = max(2, need.max() ?? 2)
    guard n * folios <= WideState.capacity else {
      overflow.set()
      return nil
    }
    var s = WideState()
    s.global = a.global & 0x1FF
    var markedLanes: [Int] = []
    var actingLane: Int? = nil
    for f in 0..<folios {
      var lane = f * n
      for m in marks[f] {
        s.lanes[lane] = m.key
        markedLanes.append(lane)
        for v in m.vcpus {
          let r = a.request(v)!
          s.setRequest(v, Request(first: lane, last: lane, to: r.to))
        }
        lane += 1
      }
      for k in keys[f] {
        s.lanes[lane] = k
        if let act = acting, act.folio == f, act.key == k {
          actingLane = lane
          for _ in 1..<act.copies {
            lane += 1
            s.lanes[lane] = k
          }
        }
        lane += 1
      }
      if lane < (f + 1) * n {
        let isActing = acting?.folio == f
        guard let pad = keys[f].first(where: { !isActing || $0 != acting!.key }) else { return nil }
        while lane < (f + 1) * n {
          s.lanes[lane] = pad
          lane += 1
        }
      }
    }
    for v in 0..<config.vcpus {
      guard let r = a.request(v), r.wholeFolio else { continue }
      s.setRequest(v, Request(first: r.folio * n, last: r.folio * n + n - 1, to: r.to))
    }
    return Representative(n: n, state: s, markedLanes: markedLanes, actingLane: actingLane)
  }
}

extension WideState {
  /// A packed state of `model`, lane for lane.
  public init(_ s: GmemState, _ model: GuestMemfd) {
    self.init()
    for p in model.subpageIndices { self[subpage: p] = s[subpage: p] }
    closed = s.closed
    for f in 0..<min(model.config.folios, GmemState.layoutCapacity) {
      setLayout(s.layout(ofFolio: f), ofFolio: f)
    }
    for v in 0..<GmemState.vcpuCapacity { setRequest(v, s.request(v)) }
  }
}
