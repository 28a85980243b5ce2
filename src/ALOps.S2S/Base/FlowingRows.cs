using System;
using System.Collections.Generic;

namespace ALOps.S2S.Base
{
    /// <summary>
    /// The rows of a command. Rows the user gives (parameters, a CSV, objects) start when the command has them all,
    /// at EndProcessing, so that a bad row stops the command before anything is written. Rows handed on by an earlier
    /// ALOps.S2S command of the same pipeline (they carry its app handle) start as they arrive: that command checked
    /// the user's rows before it wrote anything, so its rows need not wait for each other, and a partner's customers
    /// flow through Grant, Register and Test one by one instead of command by command. One row alone runs at
    /// EndProcessing either way, with its messages untagged.
    /// </summary>
    internal sealed class FlowingRows<TRow, TResult> : IDisposable
    {
        private readonly List<TRow> _rows = new List<TRow>();
        private readonly Func<RowPump<TRow, TResult>> _open;
        private readonly Action<IReadOnlyList<TRow>> _runAll;
        private RowPump<TRow, TResult>? _pump;
        private bool _allHandedOn = true;

        /// <param name="open">Opens the command's row pump when the rows start flowing.</param>
        /// <param name="runAll">Runs rows that waited for EndProcessing, all at once (S2SCmdletBase.RunRows).</param>
        public FlowingRows(Func<RowPump<TRow, TResult>> open, Action<IReadOnlyList<TRow>> runAll)
        {
            _open = open;
            _runAll = runAll;
        }

        public int Count => _rows.Count;

        /// <summary>Whether the rows started as they arrived (the second handed-on row started them).</summary>
        public bool Flowing => _pump != null;

        /// <summary>
        /// Adds a row that passed the command's checks. Once two rows are in and every row so far was handed on, the
        /// rows start; after that every row starts as it arrives (a row given otherwise among them too: it is
        /// checked already, and the rows before it are under way), and what is ready is written.
        /// </summary>
        public void Add(TRow row, bool handedOn)
        {
            _rows.Add(row);
            _allHandedOn &= handedOn;
            if (_pump == null)
            {
                if (!_allHandedOn || _rows.Count < 2) return;
                _pump = _open();
                foreach (var earlier in _rows) _pump.Start(earlier);
            }
            else
            {
                _pump.Start(row);
            }
            _pump.Drain();
        }

        /// <summary>At EndProcessing: the flowing rows finish; rows that waited all run now.</summary>
        public void Finish()
        {
            if (_pump != null) _pump.Finish();
            else if (_rows.Count > 0) _runAll(_rows);
        }

        public void Dispose() => _pump?.Dispose();
    }
}
