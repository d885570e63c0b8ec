namespace LibvirtPS.Core.Auth
{
    /// <summary>
    /// How a transport talks to the person behind a connection (libvirt's auth callback): secrets and yes/no
    /// questions. Implementations are called from transport threads; they decide how to reach the user
    /// (the PowerShell module posts the request to the pipeline thread). Secrets are never logged.
    /// </summary>
    public interface IConnectionInteraction
    {
        /// <summary>False when nobody can answer (no console, -NonInteractive): transports then refuse instead of asking.</summary>
        bool IsInteractive { get; }

        /// <summary>Asks for a secret (password, key passphrase) without echo; null when the user declined.</summary>
        System.Security.SecureString? AskSecret(string prompt);

        /// <summary>Asks a yes/no question; true only for an explicit yes.</summary>
        bool Confirm(string caption, string question);
    }
}
