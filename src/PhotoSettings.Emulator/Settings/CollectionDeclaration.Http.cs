using System.Text.Json;
using System.Text.Json.Nodes;
using FluentValidation;
using Microsoft.AspNetCore.Http.HttpResults;
using PhotoSettings.Emulator.Graph;
using PhotoSettings.Emulator.Primitives;
using PhotoSettings.Emulator.Tenants;

namespace PhotoSettings.Emulator.Settings;

/// <summary>The five operations of a collection, as <see cref="CollectionApi"/>'s handlers call them: each refusal in Graph's envelope, nothing changed.</summary>
public abstract partial class CollectionDeclaration<TItem, TItemRequest>
{
    public async Task<Results<GraphOk<JsonObject>, GraphError>> ListAsync(HttpContext httpContext)
    {
        var properties = PropertiesAt(Version(httpContext));
        var (query, queryError) = ODataListQuery.Parse(httpContext.Request.Query, TypeName, QueryPropertiesAt(Version(httpContext)));
        if (queryError is not null)
        {
            return queryError;
        }

        var outcome = await Engine(httpContext).GetAsync(GraphCaller.Of(httpContext).TenantId);
        if (outcome.Error is { } error)
        {
            return GraphErrors.From(error);
        }

        var select = query!.Select;
        var projection = select is null ? "" : $"({string.Join(',', select)})";
        var items = new JsonArray();
        var shown = select ?? properties;
        foreach (var json in query.Apply(HistoryOf(outcome.State!).Configured.Items.Select(ItemToJson)))
        {
            foreach (var name in json.Select(p => p.Key).Where(n => !shown.Contains(n)).ToList())
            {
                json.Remove(name);
            }

            items.Add((JsonNode)json);
        }

        var list = new JsonObject { ["@odata.context"] = $"{BaseUrl(httpContext)}/$metadata#admin/people/{Name}{projection}", ["value"] = items };
        return new GraphOk<JsonObject>(list, EmulatorJsonContext.Wire.JsonObject);
    }

    public async Task<Results<ContentHttpResult, GraphError>> CountAsync(HttpContext httpContext)
    {
        if (CollectionApi.RefuseQuery(httpContext.Request, TypeName) is { } queryError)
        {
            return queryError;
        }

        var outcome = await Engine(httpContext).GetAsync(GraphCaller.Of(httpContext).TenantId);
        return outcome.Error is { } error
            ? GraphErrors.From(error)
            : TypedResults.Text(HistoryOf(outcome.State!).Configured.Items.Count.ToString(System.Globalization.CultureInfo.InvariantCulture), "text/plain");
    }

    public async Task<Results<GraphCreated<JsonObject>, GraphError>> CreateAsync(HttpContext httpContext)
    {
        var newId = Guid.NewGuid().ToString();
        var (created, refused) = await WriteItemAsync(httpContext, (tenant, current, body, validator) => Add(current, body, newId, validator, tenant));
        if (refused is not null)
        {
            return refused;
        }

        httpContext.Response.Headers.Location = $"{BaseUrl(httpContext)}/admin/people/{Name}/{Uri.EscapeDataString(KeyOf(created!))}";
        return new GraphCreated<JsonObject>(Entity(httpContext, created!), EmulatorJsonContext.Wire.JsonObject);
    }

    public async Task<Results<GraphOk<JsonObject>, GraphError>> GetAsync(HttpContext httpContext, string key, bool alternate)
    {
        if (CollectionApi.RefuseQuery(httpContext.Request, TypeName) is { } queryError)
        {
            return queryError;
        }

        var outcome = await Engine(httpContext).GetAsync(GraphCaller.Of(httpContext).TenantId);
        if (outcome.Error is { } error)
        {
            return GraphErrors.From(error);
        }

        var collection = HistoryOf(outcome.State!).Configured;
        var index = IndexOf(collection, key, alternate);
        return index < 0 ? GraphErrors.From(Missing(key, alternate)) : new GraphOk<JsonObject>(Entity(httpContext, collection.Items[index]), EmulatorJsonContext.Wire.JsonObject);
    }

    public async Task<Results<GraphOk<JsonObject>, GraphError>> PatchAsync(HttpContext httpContext, string key, bool alternate)
    {
        var (updated, refused) = await WriteItemAsync(httpContext, (tenant, current, body, validator) =>
            IndexOf(current, key, alternate) is var index and >= 0 ? Replace(current, index, body, validator, tenant) : (null, null, Missing(key, alternate)));
        if (refused is not null)
        {
            return refused;
        }

        return new GraphOk<JsonObject>(Entity(httpContext, updated!), EmulatorJsonContext.Wire.JsonObject);
    }

    /// <summary>
    /// What a POST and a PATCH share: no query options, the body (one JSON object within the limit, only the properties
    /// the called version has), then <paramref name="change"/> under the tenant's lock; the item written, or the first refusal.
    /// </summary>
    private async Task<(TItem? Item, GraphError? Error)> WriteItemAsync(
        HttpContext httpContext,
        Func<TenantState, SettingCollection<TItem>, JsonElement, IValidator<TItemRequest>, (SettingCollection<TItem>? Next, TItem? Item, DomainError? Error)> change)
    {
        if (CollectionApi.RefuseQuery(httpContext.Request, TypeName) is { } queryError)
        {
            return (null, queryError);
        }

        var (document, bodyProblem) = await JsonBody.ReadObjectAsync(httpContext.Request, SettingsApi.MaxBodyBytes);
        using (document)
        {
            if (bodyProblem is not null)
            {
                return (null, GraphErrors.From(bodyProblem));
            }

            var body = document!.RootElement;
            if (NotAtVersion(httpContext, body) is { } versionError)
            {
                return (null, versionError);
            }

            TItem? written = null;
            var validator = ItemValidator(httpContext);
            var outcome = await Engine(httpContext).ChangeAsync(GraphCaller.Of(httpContext).TenantId, (tenant, current) =>
            {
                var (next, item, error) = change(tenant, current, body, validator);
                written = item;
                return (next, error);
            });
            return outcome.Error is { } refused ? (null, GraphErrors.From(refused)) : (written, null);
        }
    }

    public async Task<Results<NoContent, GraphError>> DeleteAsync(HttpContext httpContext, string key, bool alternate)
    {
        if (CollectionApi.RefuseQuery(httpContext.Request, TypeName) is { } queryError)
        {
            return queryError;
        }

        var outcome = await Engine(httpContext).ChangeAsync(GraphCaller.Of(httpContext).TenantId, (_, current) =>
        {
            var index = IndexOf(current, key, alternate);
            return index < 0 ? (null, Missing(key, alternate)) : (new SettingCollection<TItem>(current.Items.RemoveAt(index)), null);
        });
        return outcome.Error is { } refused ? GraphErrors.From(refused) : TypedResults.NoContent();
    }

    private DomainError Missing(string key, bool alternate) =>
        DomainError.NotFound($"There is no {TypeName[(TypeName.LastIndexOf('.') + 1)..]} with {(alternate ? AlternateKeyName : KeyName)} "
            + $"'{ClientText.Clip(key)}' in this tenant's {Name}.");

    /// <summary>One item as GET, POST and PATCH answer it: <c>@odata.context</c> names the entity in the collection of the version called.</summary>
    private JsonObject Entity(HttpContext httpContext, TItem item)
    {
        var entity = new JsonObject { ["@odata.context"] = $"{BaseUrl(httpContext)}/$metadata#admin/people/{Name}/$entity" };
        var hidden = PropertiesNotIn(Version(httpContext));
        foreach (var (name, value) in ItemToJson(item).ToList().Where(p => !hidden.Contains(p.Key)))
        {
            entity[name] = value?.DeepClone();
        }

        return entity;
    }

    /// <summary>A body naming a property the called version's type lacks: Graph's 400 for a property the type does not define.</summary>
    private GraphError? NotAtVersion(HttpContext httpContext, JsonElement body)
    {
        var missing = PropertiesNotIn(Version(httpContext));
        var name = missing.Count == 0 || body.ValueKind != JsonValueKind.Object
            ? null
            : body.EnumerateObject().Select(p => p.Name).FirstOrDefault(n => missing.Contains(n, StringComparer.OrdinalIgnoreCase));
        return name is null ? null : GraphErrors.PropertyNotOnType(ClientText.Clip(name), TypeName);
    }

    private static string Version(HttpContext httpContext) =>
        httpContext.Request.Path.StartsWithSegments("/v1.0", StringComparison.OrdinalIgnoreCase) ? "v1.0" : "beta";

    private static string BaseUrl(HttpContext httpContext) =>
        $"{httpContext.Request.Scheme}://{httpContext.Request.Host}/{Version(httpContext)}";

    private static IValidator<TItemRequest> ItemValidator(HttpContext httpContext) =>
        httpContext.RequestServices.GetRequiredService<IValidator<TItemRequest>>();

    private static SettingEngine<SettingCollection<TItem>, CollectionDocument<TItem>> Engine(HttpContext httpContext) =>
        httpContext.RequestServices.GetRequiredService<SettingEngine<SettingCollection<TItem>, CollectionDocument<TItem>>>();
}
