"""The API's answers under the names the portal's pages use.

Every shape is the API's own: the models are generated from its OpenAPI document
(portal/api_models.py, `make contract`); nothing here declares a field."""

from __future__ import annotations

from portal import api_models as api

AirportBrief = api.AirportBrief
AirportRef = api.AirportRef
Alert = api.Alert
Alerts = api.Alerts
Call = api.Call
CallStation = api.CallStation
CityRef = api.CityRef
Co2Brief = api.Co2Summary
Co2ByDayNight = api.Co2ByDayNight
Co2Detail = api.Co2Detail
Co2Factor = api.Co2Factor
Co2Stats = api.Co2Stats
Comparison = api.Comparison
CountryCoverage = api.CountryCoverage
CoverageCell = api.CoverageCell
CoverageLevels = api.CoverageLevels
DataFreshness = api.DataHealth
DatabaseHealth = api.DatabaseHealth
DayNightCount = api.DayNightAmounts
Destination = api.Destination
Destinations = api.Destinations
Distribution = api.Distribution
DistributionBin = api.Bin
EditionValidity = api.EditionValidity
EtlRun = api.EtlRun
Expectation = api.QualityExpectation
Health = api.Health
LocalTime = api.LocalTime
MapRoutes = api.MapRoutes
ModalShift = api.PairAnswer
ModalShiftPairs = api.PairsAnswer
Operator = api.Operator
OperatorRef = api.OperatorRef
PlaneEstimate = api.PlaneEstimate
Plausibility = api.Plausibility
PlausibilityFlag = api.PlausibilityFlag
QualityLatest = api.QualityLatest
QualityRun = api.QualityRun
QualitySuite = api.QualitySuite
Route = api.Route
RouteEnd = api.MapStation
Service = api.Service
ShiftModelInfo = api.ModelInfo
ShiftPair = api.PairFeatures
ShiftPairPrediction = api.PairPrediction
ShiftPrediction = api.Prediction
Source = api.Source
SourceRef = api.SourceDetail
SourceValidity = api.SourceValidity
StationMatch = api.StationMatch
StationPoint = api.StationPoint
StationRef = api.StationRef
Summary = api.Summary
TimetablesValidity = api.TimetablesValidity
TrainOption = api.TrainOption
TrajetDetail = api.TrajetDetail
TrajetLink = api.TrajetLink
TrajetPage = api.TrajetPage
TrajetSummary = api.TrajetSummary
VolumeGroup = api.VolumeGroup
VolumeTotals = api.VolumeTotals
Volumes = api.Volumes
WinningPair = api.WinningPair
WinningPairs = api.WinningPairs
