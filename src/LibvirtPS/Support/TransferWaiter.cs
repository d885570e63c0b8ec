using System;
using System.Diagnostics;
using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;
using LibvirtPS.Core.Drivers;

namespace LibvirtPS.Support
{
    /// <summary>
    /// Waits for a stream transfer on the pipeline thread, writing progress every quarter second. Ctrl+C cancels the
    /// transfer's token (the transfer then aborts the libvirt stream) and stops the pipeline.
    /// </summary>
    internal static class TransferWaiter
    {
        internal static T Wait<T>(Cmdlet cmdlet, CancellationToken token, Task<T> task, TransferProgress progress, long total, string activity)
        {
            var sw = Stopwatch.StartNew();
            var record = new ProgressRecord(1, activity, "Starting");
            try
            {
                while (!task.Wait(250))
                {
                    Write(cmdlet, record, progress, total, sw.Elapsed);
                }
                record.RecordType = ProgressRecordType.Completed;
                cmdlet.WriteProgress(record);
                return task.GetAwaiter().GetResult();
            }
            catch (AggregateException e) when (e.InnerException != null)
            {
                if (e.InnerException is OperationCanceledException && token.IsCancellationRequested) throw new PipelineStoppedException();
                System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(e.InnerException).Throw();
                throw;
            }
            catch (OperationCanceledException) when (token.IsCancellationRequested)
            {
                throw new PipelineStoppedException();
            }
        }

        private static void Write(Cmdlet cmdlet, ProgressRecord record, TransferProgress progress, long total, TimeSpan elapsed)
        {
            long done = progress.Bytes;
            double rate = elapsed.TotalSeconds > 0 ? done / elapsed.TotalSeconds : 0;
            record.StatusDescription = StorageCommands.Size(done) + (total > 0 ? " of " + StorageCommands.Size(total) : "") +
                " (" + StorageCommands.Size(rate) + "/s" + (progress.HoleBytes > 0 ? ", " + StorageCommands.Size(progress.HoleBytes) + " as holes" : "") + ")";
            if (total > 0)
            {
                record.PercentComplete = (int)Math.Min(100, done * 100 / total);
                if (rate > 0) record.SecondsRemaining = (int)Math.Max(0, (total - done) / rate);
            }
            cmdlet.WriteProgress(record);
        }
    }
}
