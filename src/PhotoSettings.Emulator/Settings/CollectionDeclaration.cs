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
/// items and written; <see cref="CollectionApi"/> serves the list, POST, and GET, PATCH and DELETE by key. An item's
/// body is a <typeparamref name="TItemRequest"/>, judged by the <c>IValidator</c> registered for it.
/// </summary>
public abstract partial class CollectionDeclaration<TItem, TItemRequest> : SettingDeclaration<SettingCollection<TItem>, CollectionDocument<TItem>>, ICollectionGraph, ISettingRoutes
    where TItem : class, IEquatable<TItem>
    where TItemRequest : class
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

    /// <summary>
    /// The item's properties a Graph version's type lacks (<c>"v1.0"</c> or <c>"beta"</c>): left out of that version's
    /// answers and <c>$select</c>, refused in its bodies. The stored item keeps them, so a version shows what it defines.
    /// </summary>
    public virtual IReadOnlyList<string> PropertiesNotIn(string version) => [];

    /// <summary>The OpenAPI schema of the item at <paramref name="version"/>: Graph's type name, unless the versions' types differ.</summary>
    public virtual string SchemaNameAt(string version) => TypeName;

    /// <summary>The properties an item has at <paramref name="version"/>, in Graph's order.</summary>
    public IReadOnlyList<string> PropertiesAt(string version) => [.. SelectableProperties.Except(PropertiesNotIn(version))];

    /// <summary>The item's properties at <paramref name="version"/> as <c>$filter</c> and <c>$orderby</c> judge them.</summary>
    public IReadOnlyList<ODataProperty> QueryPropertiesAt(string version) =>
        [.. Types[0].Properties.Where(p => !PropertiesNotIn(version).Contains(p.Name)).Select(p => p.Edm switch
        {
            "Edm.String" => new ODataProperty(p.Name, ODataPropertyKind.String, p.Edm, []),
            "Edm.Boolean" => new ODataProperty(p.Name, ODataPropertyKind.Boolean, p.Edm, []),
            "Collection(Edm.String)" => new ODataProperty(p.Name, ODataPropertyKind.StringCollection, p.Edm, []),
            var edm when Enums.FirstOrDefault(e => e.TypeName == edm) is { Members: { } members } =>
                new ODataProperty(p.Name, ODataPropertyKind.Enum, edm, [.. members.Where(m => m != "unknownFutureValue")]),
            var edm => new ODataProperty(p.Name, ODataPropertyKind.Complex, edm, []),
        })];

    public virtual GraphPermissionRequirement ListRead => Read;

    public abstract string KeyOf(TItem item);

    public virtual string? AlternateKeyOf(TItem item) => null;

    /// <summary>A body (one JSON object) as the item's request: a POST's when <paramref name="current"/> is null, else a PATCH of it.</summary>
    public abstract (TItemRequest? Request, BodyProblem? Problem) ReadItem(JsonElement body, TItem? current);

    /// <summary>The item a valid request makes: a POST's (keyed <paramref name="newId"/> when the service makes keys), or <paramref name="current"/> patched.</summary>
    public abstract TItem Apply(TItemRequest request, TItem? current, string newId);

    /// <summary>A body judged by the item's validator: the item it makes, or every problem.</summary>
    public (TItem? Item, IReadOnlyList<DomainProblem> Problems) Judge(JsonElement body, TItem? current, string newId, IValidator<TItemRequest> validator, TenantState? tenant)
    {
        var (request, problem) = ReadItem(body, current);
        if (problem is not null)
        {
            return (null, [new(null, problem.Message)]);
        }

        var result = validator.Validate(SettingValidation.For(request!, tenant!));
        return result.IsValid
            ? (Apply(request!, current, newId), [])
            : (null, [.. result.Errors.Select(e => new DomainProblem(e.PropertyName, e.ErrorMessage))]);
    }

    /// <summary>
    /// A PATCH's merged item judged as a POST of it would be (and as <c>PUT /_emulator/state</c> judges it): a PATCH
    /// body's own rules cannot see that it empties a property a POST requires, and a stored item no POST could make
    /// would fail the collection's rules and the state's round trip later.
    /// </summary>
    private (TItem? Item, IReadOnlyList<DomainProblem> Problems) JudgeAsPosted(TItem merged, IValidator<TItemRequest> validator, TenantState? tenant)
    {
        var (body, id, unreadable) = DocumentBody(JsonSerializer.SerializeToElement(ItemToJson(merged), EmulatorJsonContext.Default.JsonObject));
        if (unreadable is not null)
        {
            return (null, [unreadable]);
        }

        var (item, problems) = Judge(body!.Value, null, id!, validator, tenant);
        return item is null ? (null, problems) : (merged, []);
    }

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
    public (SettingCollection<TItem>? Next, TItem? Item, DomainError? Error) Add(
        SettingCollection<TItem> current, JsonElement body, string newId, IValidator<TItemRequest> validator, TenantState? tenant)
    {
        var (item, problems) = Judge(body, null, newId, validator, tenant);
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

        if (current.Items.Count >= MaxItems)
        {
            return (null, null, DomainError.Invalid($"This tenant already has {MaxItems} {Name}, the most the emulator keeps per tenant; DELETE one first."));
        }

        return SizeProblem(current.Items, item) is { } tooBig ? (null, null, DomainError.Invalid(tooBig)) : (new(current.Items.Add(item)), item, null);
    }

    /// <summary>PATCH of the item at <paramref name="index"/>.</summary>
    public (SettingCollection<TItem>? Next, TItem? Item, DomainError? Error) Replace(
        SettingCollection<TItem> current, int index, JsonElement body, IValidator<TItemRequest> validator, TenantState? tenant)
    {
        var before = current.Items[index];
        var (item, problems) = Judge(body, before, KeyOf(before), validator, tenant);
        if (item is not null)
        {
            (item, problems) = JudgeAsPosted(item!, validator, tenant);
        }

        if (item is null)
        {
            return (null, null, DomainError.Invalid(problems));
        }

        var others = current.Items.RemoveAt(index);
        if (ConflictWith(others, item) is { } conflict)
        {
            return (null, null, DomainError.Conflict(conflict));
        }

        return SizeProblem(others, item) is { } tooBig ? (null, null, DomainError.Invalid(tooBig)) : (new(current.Items.SetItem(index, item)), item, null);
    }

    public override (CollectionDocument<TItem>? Request, BodyProblem? Problem) ReadBody(JsonElement body) =>
        body.ValueKind == JsonValueKind.Array
            ? (new CollectionDocument<TItem>([.. body.EnumerateArray().Select(e => e.Clone())]), null)
            : (null, BodyProblem.Invalid($"'{Name}' must be a JSON array of {TypeName} objects, not {JsonBody.Describe(body.ValueKind)}."));

    public override JsonElement ToJson(SettingCollection<TItem> settings) =>
        JsonSerializer.SerializeToElement(new JsonArray([.. settings.Items.Select(i => (JsonNode)ItemToJson(i))]), EmulatorJsonContext.Default.JsonArray);

    /// <summary>
    /// A document's items, each read as a POST body with its id kept: the value of an import its validator passed, or of
    /// a row the emulator wrote, so nothing here is judged again.
    /// </summary>
    public override SettingCollection<TItem> Merge(CollectionDocument<TItem> request, SettingCollection<TItem> basis) =>
        new([.. request.Items.Select(e => DocumentBody(e) is ({ } body, { } id, null) && ReadItem(body, null).Request is { } item ? Apply(item, null, id) : null).OfType<TItem>()]);

    /// <summary>Every problem of a document's items, each as a POST of it would be refused, in order (the tenants file, <c>PUT /_emulator/state</c>).</summary>
    public IEnumerable<DomainProblem> DocumentProblems(CollectionDocument<TItem> document, IValidator<TItemRequest> validator, TenantState? tenant)
    {
        if (document.Items.Count > MaxItems)
        {
            yield return new("", $"has {document.Items.Count} items; at most {MaxItems} are kept per tenant.");
            yield break;
        }

        var current = SettingCollection<TItem>.Default;
        for (var i = 0; i < document.Items.Count; i++)
        {
            var (body, id, unreadable) = DocumentBody(document.Items[i]);
            var (item, problems) = unreadable is not null ? (null, [unreadable]) : Judge(body!.Value, null, id!, validator, tenant);
            foreach (var problem in problems)
            {
                yield return new($"[{i}].{problem.Target}", $"[{i}]: {problem.Message}");
            }

            if (item is null)
            {
                continue;
            }

            var conflict = IndexOf(current, KeyOf(item), alternate: false) >= 0 ? DuplicateKeyMessage(item) : ConflictWith(current.Items, item) ?? SizeProblem(current.Items, item);
            if (conflict is not null)
            {
                yield return new($"[{i}]", $"[{i}]: {conflict}");
            }

            current = new(current.Items.Add(item));
        }
    }

    /// <summary>One item of a document as a POST body: a service-made <c>id</c> (a GUID) taken out and kept, a new one when it has none.</summary>
    private (JsonElement? Body, string? Id, DomainProblem? Problem) DocumentBody(JsonElement element)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            return (null, null, new("", $"must be a {TypeName} object, not {JsonBody.Describe(element.ValueKind)}."));
        }

        if (!KeyIsMade)
        {
            return (element, "", null);
        }

        var body = JsonObject.Create(element)!;
        var idName = body.Select(p => p.Key).FirstOrDefault(k => k.Equals("id", StringComparison.OrdinalIgnoreCase));
        if (idName is null)
        {
            return (element, Guid.NewGuid().ToString(), null);
        }

        if (body[idName] is not JsonValue value || !value.TryGetValue<string>(out var text) || !Guid.TryParse(text, out var guid))
        {
            return (null, null, new("id", "'id' must be a GUID string (the service makes it; leave it out to have one made)."));
        }

        body.Remove(idName);
        return (JsonSerializer.SerializeToElement(body, EmulatorJsonContext.Default.JsonObject), guid.ToString(), null);
    }
}

/// <summary>A collection document's rules: each item as a POST of it is judged, no key twice, at most the cap.</summary>
public sealed class CollectionDocumentValidator<TItem, TItemRequest>(CollectionDeclaration<TItem, TItemRequest> declaration, IValidator<TItemRequest> itemValidator)
    : AbstractValidator<CollectionDocument<TItem>>
    where TItem : class, IEquatable<TItem>
    where TItemRequest : class
{
    protected override bool PreValidate(ValidationContext<CollectionDocument<TItem>> context, FluentValidation.Results.ValidationResult result)
    {
        var tenant = context.RootContextData.TryGetValue(SettingValidation.TenantKey, out var state) ? state as TenantState : null;
        foreach (var problem in declaration.DocumentProblems(context.InstanceToValidate, itemValidator, tenant))
        {
            result.Errors.Add(new FluentValidation.Results.ValidationFailure(problem.Target, problem.Message));
        }

        return false;
    }
}
