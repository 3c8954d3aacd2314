using System.Net.Http.Headers;

// photo-policy-auditor <graph base url> <access token>
if (args.Length != 2)
{
    Console.Error.WriteLine("usage: PhotoPolicyAuditor <graph base url, e.g. https://graph.microsoft.com> <access token>");
    return 2;
}

using var graph = new HttpClient { BaseAddress = new Uri(args[0]) };
graph.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", args[1]);
var report = await new PhotoPolicyAuditor.PhotoPolicyAuditor(graph).AuditAsync();
Console.WriteLine(report.Verdict);
return 0;
