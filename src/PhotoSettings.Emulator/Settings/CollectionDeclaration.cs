using System.Text.Json;
using System.Text.Json.Nodes;
using FluentValidation;
using PhotoSettings.Emulator.Graph;
using PhotoSettings.Emulator.Primitives;
using PhotoSettings.Emulator.Tenants;

namespace PhotoSettings.Emulator.Settings;

/// <summary>One property of a collection item's Graph type, for the OpenAPI document: its name and its type in Graph's metadata (<c>Edm.String</c>, <c>Collection(microsoft.graph.x)</c>).</summary>
public sealed record CollectionProperty(string Name, string Edm, string Description);

/// <summary>
/// A keyed collection setting (profileCardProperties, profilePropertySettings, profileSources): its value is the whole
/// collection (<see cref="SettingCollection{TItem}"/>, empty by default), so the engine's history, delay, rows, state
/// document and timeline hold it as they hold a singleton; a write of one item is a change of the collection. The
/// declaration says how an item is keyed, read from a body (through the item's validator), checked against the other
/// items and written; <see cref="CollectionApi"/> serves the list, POST, and GET, PATCH and DELETE by key.
/// </summary>
public abstract partial class CollectionDeclaration<TItem> : SettingDeclaration<SettingCollection<TItem>, CollectionDocument<TItem>>, ICollectionGraph, ISettingRoutes
    where TItem : class, IEquatable<TItem>
{
    /// <summary>Graph's type name of an item (<c>microsoft.graph.profileCardProperty</c>).</summary>
    public abstract string TypeName { get; }

    public abstract string Description { get; }

    /// <summary>The most items one tenant may hold: a POST beyond it is refused, so one tenant cannot grow memory without bound.</summary>
    public abstract int MaxItems { get; }

    /// <summary>The property that keys an item in the path (<c>directoryPropertyName</c>, <c>id</c>).</summary>
    public abstract string KeyName { get; }

    /// <summary>A second key Graph addresses items by (<c>profileSources(sourceId='…')</c>), or null.</summary>
    public virtual string? AlternateKeyName => null;

    /// <summary>True when the service makes the key (a GUID) on POST; false when the body names it.</summary>
    public bool KeyIsMade => KeyName == "id";

    /// <summary>Graph's types the item is made of, the item's own first, each with its properties in Graph's order.</summary>
    public abstract IReadOnlyList<(string TypeName, IReadOnlyList<CollectionProperty> Properties)> Types { get; }

    /// <summary>Enumerations the types use, with their members.</summary>
    public virtual IReadOnlyList<(string TypeName, IReadOnlyList<string> Members)> Enums => [];

    public IReadOnlyList<string> SelectableProperties => [.. Types[0].Properties.Select(p => p.Name)];

    public abstract string KeyOf(TItem item);

    public virtual string? AlternateKeyOf(TItem item) => null;

    /// <summary>A POST's item, from a body already known to be one JSON object: the item, or every problem its validator found.</summary>
    public abstract (TItem? Item, IReadOnlyList<DomainProblem> Problems) Create(JsonElement body, TenantState? tenant, string newId);

    /// <summary>A PATCH's item: <paramref name="current"/> with what the body sends; the key cannot change.</summary>
    public abstract (TItem? Item, IReadOnlyList<DomainProblem> Problems) Update(JsonElement body, TItem current, TenantState? tenant);

    /// <summary>A rule of the collection beyond its key the written item breaks (a second sourceId), or null.</summary>
    public virtual string? ConflictWith(IEnumerable<TItem> others, TItem written) => null;

    /// <summary>A POST of a key the collection has.</summary>
    public virtual string DuplicateKeyMessage(TItem item) =>
        $"A {TypeName[(TypeName.LastIndexOf('.') + 1)..]} with {KeyName} '{KeyOf(item)}' already exists; PATCH it, or DELETE it first.";

    /// <summary>The item in the words of its Graph type: the one writer of the wire, the state document and the rows.</summary>
    public abstract JsonObject ItemToJson(TItem item);

    public override JsonValueKind DocumentKind => JsonValueKind.Array;

    public void MapGraph(IEndpointRouteBuilder graph) => CollectionApi.MapCollection(graph, this);

    /// <summary>The index of the item <paramref name="key"/> names (case-insensitively, as Graph matches both kinds of key), or -1.</summary>
    public int IndexOf(SettingCollection<TItem> collection, string key, bool alternate) =>
        collection.Items.FindIndex(i => string.Equals(alternate ? AlternateKeyOf(i) : KeyOf(i), key, StringComparison.OrdinalIgnoreCase));

    /// <summary>POST: the collection with the new item last, or why not (400 for its shape or the cap, 409 for a key or rule it repeats).</summary>
    public (SettingCollection<TItem>? Next, TItem? Item, DomainError? Error) Add(SettingCollection<TItem> current, JsonElement body, TenantState? tenant, string newId)
    {
        var (item, problems) = Create(body, tenant, newId);
        if (item is null)
        {
            return (null, null, DomainError.Invalid(problems));
        }

        if (IndexOf(current, KeyOf(item), alternate: false) >= 0)
        {
            return (null, null, DomainError.Conflict(DuplicateKeyMessage(item)));
        }

        if (ConflictWith(current.Items, item) is { } conflict)
        {
            return (null, null, DomainError.Conflict(conflict));
        }

        return current.Items.Count >= MaxItems
            ? (null, null, DomainError.Invalid($"This tenant already has {MaxItems} {Name}, the most the emulator keeps per tenant; DELETE one first."))
            : (new(current.Items.Add(item)), item, null);
    }

    /// <summary>PATCH of the item at <paramref name="index"/>.</summary>
    public (SettingCollection<TItem>? Next, TItem? Item, DomainError? Error) Replace(SettingCollection<TItem> current, int index, JsonElement body, TenantState? tenant)
    {
        var (item, problems) = Update(body, current.Items[index], tenant);
        if (item is null)
        {
            return (null, null, DomainError.Invalid(problems));
        }

        return ConflictWith(current.Items.RemoveAt(index), item) is { } conflict
            ? (null, null, DomainError.Conflict(conflict))
            : (new(current.Items.SetItem(index, item)), item, null);
    }

    public override (CollectionDocument<TItem>? Request, BodyProblem? Problem) ReadBody(JsonElement body) =>
        body.ValueKind == JsonValueKind.Array
            ? (new CollectionDocument<TItem>([.. body.EnumerateArray().Select(e => e.Clone())]), null)
            : (null, BodyProblem.Invalid($"'{Name}' must be a JSON array of {TypeName} objects, not {JsonBody.Describe(body.ValueKind)}."));

    public override JsonElement ToJson(SettingCollection<TItem> settings) =>
        JsonSerializer.SerializeToElement(new JsonArray([.. settings.Items.Select(i => (JsonNode)ItemToJson(i))]), EmulatorJsonContext.Default.JsonArray);

    /// <summary>A document's items, each read as a POST body (its id kept when it has one): the value of an import or a row.</summary>
    public override SettingCollection<TItem> Merge(CollectionDocument<TItem> request, SettingCollection<TItem> basis) =>
        new([.. request.Items.Select(e => ReadDocumentItem(e, null).Item).OfType<TItem>()]);

    /// <summary>Every problem of a document's items, each as a POST of it would be refused, in order (the tenants file, <c>PUT /_emulator/state</c>).</summary>
    public IEnumerable<DomainProblem> DocumentProblems(CollectionDocument<TItem> document, TenantState? tenant)
    {
        if (document.Items.Count > MaxItems)
        {
            yield return new("", $"has {document.Items.Count} items; at most {MaxItems} are kept per tenant.");
            yield break;
        }

        var current = SettingCollection<TItem>.Default;
        for (var i = 0; i < document.Items.Count; i++)
        {
            var (item, problems) = ReadDocumentItem(document.Items[i], tenant);
            foreach (var problem in problems)
            {
                yield return new($"[{i}].{problem.Target}", $"[{i}]: {problem.Message}");
            }

            if (item is null)
            {
                continue;
            }

            var conflict = IndexOf(current, KeyOf(item), alternate: false) >= 0 ? DuplicateKeyMessage(item) : ConflictWith(current.Items, item);
            if (conflict is not null)
            {
                yield return new($"[{i}]", $"[{i}]: {conflict}");
            }

            current = new(current.Items.Add(item));
        }
    }

    /// <summary>One item of a document: a service-made <c>id</c> is kept (it must be a GUID), the rest read as a POST body.</summary>
    private (TItem? Item, IReadOnlyList<DomainProblem> Problems) ReadDocumentItem(JsonElement element, TenantState? tenant)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            return (null, [new("", $"must be a {TypeName} object, not {JsonBody.Describe(element.ValueKind)}.")]);
        }

        if (!KeyIsMade)
        {
            return Create(element, tenant, "");
        }

        var body = JsonObject.Create(element)!;
        var idName = body.Select(p => p.Key).FirstOrDefault(k => k.Equals("id", StringComparison.OrdinalIgnoreCase));
        var id = Guid.NewGuid().ToString();
        if (idName is not null)
        {
            if (body[idName] is not JsonValue value || !value.TryGetValue<string>(out var text) || !Guid.TryParse(text, out var guid))
            {
                return (null, [new("id", "'id' must be a GUID string (the service makes it; leave it out to have one made).")]);
            }

            id = guid.ToString();
            body.Remove(idName);
        }

        return Create(JsonSerializer.SerializeToElement(body, EmulatorJsonContext.Default.JsonObject), tenant, id);
    }

    /// <summary>The problems of a validation, each with its target.</summary>
    protected static IReadOnlyList<DomainProblem> ProblemsOf(FluentValidation.Results.ValidationResult result) =>
        [.. result.Errors.Select(e => new DomainProblem(e.PropertyName, e.ErrorMessage))];

    /// <summary>A body problem (two spellings of one property) as the one problem.</summary>
    protected static IReadOnlyList<DomainProblem> ProblemsOf(BodyProblem problem) => [new(null, problem.Message)];
}

/// <summary>A collection document's rules: each item as a POST of it is judged, no key twice, at most the cap.</summary>
public sealed class CollectionDocumentValidator<TItem>(CollectionDeclaration<TItem> declaration) : AbstractValidator<CollectionDocument<TItem>>
    where TItem : class, IEquatable<TItem>
{
    protected override bool PreValidate(ValidationContext<CollectionDocument<TItem>> context, FluentValidation.Results.ValidationResult result)
    {
        var tenant = context.RootContextData.TryGetValue(SettingValidation.TenantKey, out var state) ? state as TenantState : null;
        foreach (var problem in declaration.DocumentProblems(context.InstanceToValidate, tenant))
        {
            result.Errors.Add(new FluentValidation.Results.ValidationFailure(problem.Target, problem.Message));
        }

        return false;
    }
}
