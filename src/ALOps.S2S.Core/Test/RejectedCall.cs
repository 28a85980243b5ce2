using System.Collections.Generic;
using ALOps.S2S.Core.BusinessCentral;
using ALOps.S2S.Core.Connect;

namespace ALOps.S2S.Core.Test
{
    /// <summary>A call the environment answered 401, with what the doctor knows to interpret it.</summary>
    internal sealed class RejectedCall
    {
        public RejectedCall(DoctorRequest request, S2SSession app, HashSet<string> roles, BcEnvironmentClient client, string environment, string api, IReadOnlyList<string> descriptions, string page)
        {
            Request = request;
            App = app;
            Roles = roles;
            Client = client;
            Environment = environment;
            Api = api;
            Descriptions = descriptions;
            Page = page;
        }

        public DoctorRequest Request { get; }
        public S2SSession App { get; }
        public HashSet<string> Roles { get; }
        public BcEnvironmentClient Client { get; }
        public string Environment { get; }
        public string Api { get; }
        public IReadOnlyList<string> Descriptions { get; }
        public string Page { get; }
    }
}
