import GmemModel

extension LivenessProperty {
  /// **EventuallyReconstituted**: after `close()`, once no long-term pin
  /// remains, every folio eventually returns to the pool (with huge
  /// backing, whole).
  ///
  /// Checked as: no fair path stays for ever in states where the file is
  /// closed, no subpage holds a long-term pin, and some folio is not back
  /// in the pool.
  ///
  /// Why: a huge page that never comes back shrinks the 1G pool for good:
  /// the next VM cannot be backed by huge pages (the 2024-03-19
  /// "Re: folio_mmapped" thread on 1 GiB pages for CoCo VMs; the
  /// 2024-10-16 thread on a global pool and split/merge cycles).
  ///
  /// Source: MODEL.md 3; [H2] close_with_pinning, deferred merge; [LIST]
  /// 2024-03-19, 2024-10-16.
  public static let eventuallyReconstituted = LivenessProperty(
    name: "EventuallyReconstituted", short: "Back",
    summary: "after close, with no long-term pin left, every folio returns to the pool",
    source: "MODEL.md 3; [H2] close_with_pinning; [LIST] 2024-03-19, 2024-10-16",
    waiting: { model, s in
      s.closed && model.subpageIndices.allSatisfy { s[subpage: $0].longPins == 0 }
        && !model.allInPool(s)
    },
    abandons: nil,
    explain: { model, s in
      let stuck = (0..<model.config.folios).filter { f in
        model.folioRange(f).contains { s[subpage: $0].pieceLife != .hole || s[subpage: $0].life != .hole }
          || (model.config.backing == .huge && s.layout(ofFolio: f) == .split)
      }
      return "f" + stuck.map(String.init).joined(separator: ", f") + " never returns to the pool"
    })
}
